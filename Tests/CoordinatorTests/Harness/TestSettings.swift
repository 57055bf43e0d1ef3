import CoordinatorCore
import LibPQ
import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What the test run provides, from the environment (deploy/dev/isolated-tests.sh sets all three):
/// - `XCHECK_TEST_DATABASE_URL`: a PostgreSQL server on 127.0.0.1 whose role may create databases; enables the
///   coordinator's integration tests.
/// - `XCHECK_TEST_PGBIN` and `XCHECK_TEST_PGCTL_DATA`: the server's binaries and data directory, for the test that
///   stops and starts PostgreSQL under a running coordinator. Optional `XCHECK_TEST_PGCTL_LOG`: the server log
///   file to use when it is started again (default: discarded).
/// - Optional `XCHECK_TEST_LOG_LEVEL`: the in-process coordinators' log level (default: error).
enum TestSettings {
    static let databaseURL = TestEnvironment.databaseURL
    static var isConfigured: Bool { databaseURL != nil }
    /// Stopping the shared test server would break every other test running at the same moment (suites of all
    /// targets run in parallel in one process), so these tests run only in the test script's second, separate
    /// pass, which sets XCHECK_TEST_SERVER_RESTARTS=1 and runs nothing else.
    static var canControlServer: Bool {
        isConfigured && TestEnvironment.variable("XCHECK_TEST_PGBIN") != nil && TestEnvironment.variable("XCHECK_TEST_PGCTL_DATA") != nil
            && TestEnvironment.variable("XCHECK_TEST_SERVER_RESTARTS") == "1"
    }

    /// The coordinator's SQL migrations, read from the source tree.
    static var migrationsDirectory: String { "\(TestEnvironment.packageRoot)/Coordinator/XCheckCoordinator/Migrations" }

    static func migrations() throws -> [Migration] {
        try MigrationFiles.load(directory: self.migrationsDirectory)
    }

    /// The built `xcheck-coordinator` executable.
    static var coordinatorExecutable: String { "\(TestEnvironment.binDirectory)/xcheck-coordinator" }

    /// 32 random bytes for a credential key.
    static func randomKey() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
