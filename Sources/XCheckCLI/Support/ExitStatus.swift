/// A process exit status chosen by a command, thrown to the entry point.
struct ExitStatus: Error {
    var code: Int32

    /// Healthy (`ok`, `reachable`, `up`).
    static let healthy: Int32 = 0
    /// A problem was found.
    static let problem: Int32 = 1
    /// The input could not be used.
    static let badInput: Int32 = 2
    /// Internal error (for `check`: also the coordinator could not be reached).
    static let internalError: Int32 = 3
}
