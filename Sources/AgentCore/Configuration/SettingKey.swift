/// One agent setting, with its names as a flag, an environment variable and a config-file key.
public enum SettingKey: String, Sendable, Hashable, CaseIterable {
    case coordinator
    case token
    case spoolDirectory = "spool-dir"
    case maxConcurrency = "max-concurrency"
    case allowPrivateTargets = "allow-private-targets"
    case metricsListen = "metrics-listen"
    case logLevel = "log-level"
    case spoolMaxBytes = "spool-max-bytes"
    case shutdownDeadline = "shutdown-deadline"
    case coordinatorCAFile = "coordinator-ca-file"

    /// The key in the config file (`spool-dir = /var/lib/xcheck-agent`).
    public var fileKey: String { self.rawValue }

    /// The command-line flag (`--spool-dir`).
    public var flag: String { "--\(self.rawValue)" }

    /// The environment variable (`XCHECK_SPOOL_DIR`; the token is `XCHECK_AGENT_TOKEN`).
    public var environmentName: String {
        switch self {
        case .token: return "XCHECK_AGENT_TOKEN"
        default: return "XCHECK_" + self.rawValue.uppercased().replacing("-", with: "_")
        }
    }

    /// Finds a setting by a config-file key: its own key, or its environment variable's name (so a systemd
    /// `EnvironmentFile` with `XCHECK_...=` lines also reads as a config file).
    public init?(fileKey: String) {
        if let key = SettingKey(rawValue: fileKey) {
            self = key
            return
        }
        guard let key = SettingKey.allCases.first(where: { $0.environmentName == fileKey }) else { return nil }
        self = key
    }

    /// The environment variable that names the config file.
    public static let configFileEnvironmentName = "XCHECK_CONFIG"
}
