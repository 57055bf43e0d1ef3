import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What the end-to-end run needs from its environment (deploy/dev/isolated-tests.sh provides it):
/// `XCHECK_TEST_DATABASE_URL`, a PostgreSQL server on 127.0.0.1 whose role may create databases. Without it
/// every test here is skipped. The binaries come from `TestEnvironment.binDirectory` (`swift build --build-tests`).
enum E2E {
    static let databaseURL = TestEnvironment.databaseURL
    static var isConfigured: Bool { databaseURL != nil }

    static var agentBinary: String { "\(TestEnvironment.binDirectory)/xcheck-agent" }
    static var coordinatorBinary: String { "\(TestEnvironment.binDirectory)/xcheck-coordinator" }

    /// The panels' password: it must never appear in a log or a stored result.
    static let password = "pw-E2E-Never-Leak-41"

    /// A test failure with a message (thrown by the harness).
    typealias Failure = TestFailure
}
