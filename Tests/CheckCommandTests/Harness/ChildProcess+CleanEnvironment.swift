import XCheckTestSupport

extension ChildProcess {
    /// The test process's environment without any `XCHECK_*` variable (so that nothing in the developer's shell
    /// reaches a child), plus `extra`.
    static func cleanEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        self.inheritedEnvironment(excluding: { $0.hasPrefix("XCHECK_") }, adding: extra)
    }
}
