/// The coordinator's version, reported by `/healthz` and `--version`.
public enum CoordinatorVersion {
    public static let current = "0.1.0"
}
