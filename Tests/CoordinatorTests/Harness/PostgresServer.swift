import LibPQ
import XCheckTestSupport

/// Stops and starts the test server with pg_ctl (``PostgresControl``: `XCHECK_TEST_PGBIN`,
/// `XCHECK_TEST_PGCTL_DATA`). Each call then confirms the server's state by connecting.
enum PostgresServer {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `pg_ctl stop -m fast`: the server ends every session and shuts down.
    static func stop() async throws {
        let status = try await PostgresControl.pgctl(["stop", "-m", "fast", "-w", "-t", "60"])
        try await eventually("the server refuses connections", within: .seconds(60), interval: .milliseconds(200)) {
            !(await self.accepts())
        }
        if let status, status != 0 { throw Failure(description: "pg_ctl stop exited with \(status)") }
    }

    /// Starts the server again with the options of its last start: `pg_ctl restart` on a stopped server reads them
    /// from postmaster.opts (the postgres command line it was started with).
    static func start() async throws {
        var arguments = ["restart", "-m", "fast", "-w", "-t", "60"]
        if let log = TestEnvironment.variable("XCHECK_TEST_PGCTL_LOG") { arguments += ["-l", log] }
        let status = try await PostgresControl.pgctl(arguments)
        try await eventually("the server accepts connections again", within: .seconds(60), interval: .milliseconds(200)) {
            await self.accepts()
        }
        if let status, status != 0 { throw Failure(description: "pg_ctl restart exited with \(status) (postmaster.opts: \(PostgresControl.postmasterOptions))") }
    }

    /// True when a connection to the test server succeeds.
    static func accepts() async -> Bool {
        (try? await ScratchDatabase.onServer { try $0.query("SELECT 1").count }) == 1
    }
}
