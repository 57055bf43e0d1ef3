import LibPQ
import XCheckTestSupport

/// Stops and starts the test cluster with pg_ctl (``PostgresControl``; see ``TestDatabase`` for the environment
/// variables).
enum ServerControl {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func stop() async throws {
        try await self.pgctl(["stop", "-m", "fast", "-w", "-t", "30"])
    }

    /// Starts the server with the options of its last start (`pg_ctl restart` reads postmaster.opts when the
    /// server is not running).
    static func start() async throws {
        var arguments = ["restart", "-m", "fast", "-w", "-t", "30"]
        if let log = TestEnvironment.variable("XCHECK_TEST_PGCTL_LOG") { arguments += ["-l", log] }
        try await self.pgctl(arguments)
    }

    private static func pgctl(_ arguments: [String]) async throws {
        let status = try await PostgresControl.pgctl(arguments)
        guard status == 0 else {
            throw Failure(description: "pg_ctl \(arguments.first ?? "") exited with status \(status.map { "\($0)" } ?? "unknown (not collected)")")
        }
    }
}
