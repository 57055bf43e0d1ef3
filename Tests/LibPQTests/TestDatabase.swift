import LibPQ
import Synchronization
import Testing
import XCheckTestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The test server, from the environment:
/// - `XCHECK_TEST_DATABASE_URL`: enables the integration tests (e.g. postgres://xcheck@127.0.0.1:55432/postgres;
///   the role must be allowed to create schemas and roles and to call pg_terminate_backend).
/// - `XCHECK_TEST_PGCTL_DATA` and `XCHECK_TEST_PGBIN`: the cluster's data directory and binaries, enabling the
///   test that stops and restarts the server (`pg_ctl stop -m fast`, then `pg_ctl restart`, which reuses the
///   options of the last start from postmaster.opts). Optional `XCHECK_TEST_PGCTL_LOG`: the server log file
///   for that restart (default: discarded). When the tests run as root, pg_ctl runs as the data directory's
///   owner through runuser.
enum TestDatabase {
    static let url = TestEnvironment.databaseURL
    static var isConfigured: Bool { url != nil }
    static var canControlServer: Bool {
        // Stopping the shared server breaks every test running beside it, so this runs only in the test
        // script's separate server-restart pass.
        isConfigured && TestEnvironment.variable("XCHECK_TEST_PGCTL_DATA") != nil && TestEnvironment.variable("XCHECK_TEST_PGBIN") != nil
            && TestEnvironment.variable("XCHECK_TEST_SERVER_RESTARTS") == "1"
    }

    /// A connection configuration with a recognisable application name and a short connect timeout.
    static func configuration(applicationName: String = "xcheck-libpq-tests", schema: String? = nil) throws
        -> PostgresConnection.Configuration
    {
        var configuration = try PostgresConnection.Configuration(url: try #require(url))
        configuration.applicationName = applicationName
        configuration.connectTimeout = .seconds(3)
        if let schema { configuration.serverSettings["search_path"] = schema }
        return configuration
    }

    /// A pool configuration for tests.
    static func poolConfiguration(
        applicationName: String = uniqueName("pool"),
        schema: String? = nil,
        maximumConnections: Int = 4
    ) throws -> PostgresConnectionPool.Configuration {
        var configuration = PostgresConnectionPool.Configuration(
            connection: try self.configuration(applicationName: applicationName, schema: schema)
        )
        configuration.maximumConnections = maximumConnections
        configuration.acquireTimeout = .seconds(10)
        return configuration
    }

    /// `prefix_` plus 8 random hex digits: unique names let tests run side by side.
    static func uniqueName(_ prefix: String) -> String {
        let suffix = String(UInt32.random(in: .min ... .max), radix: 16)
        return "\(prefix)_\(String(repeating: "0", count: 8 - suffix.count))\(suffix)"
    }

    /// Opens a connection on a thread of its own, runs `body`, closes it.
    @discardableResult
    static func withConnection<T: Sendable>(
        _ configuration: PostgresConnection.Configuration? = nil,
        _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        let configuration = try configuration ?? self.configuration()
        return try await OffPool.run {
            let connection = try PostgresConnection.connect(configuration)
            defer { connection.close() }
            return try body(connection)
        }
    }

    /// Creates a fresh schema, runs `body` with its name, then drops it.
    static func withSchema<T: Sendable>(_ body: (String) async throws -> T) async throws -> T {
        let schema = uniqueName("xchk")
        try await withConnection { try $0.execute("CREATE SCHEMA \(schema)") }
        do {
            let value = try await body(schema)
            try await withConnection { try $0.execute("DROP SCHEMA \(schema) CASCADE") }
            return value
        } catch {
            _ = try? await withConnection { try $0.execute("DROP SCHEMA \(schema) CASCADE") }
            throw error
        }
    }

    /// The server process IDs of the sessions with `applicationName`.
    static func backendPIDs(applicationName: String) async throws -> [Int32] {
        try await withConnection { connection in
            try connection.query("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [applicationName])
                .map { try $0.decode(Int32.self, at: 0) }
        }
    }

    /// Waits (up to `timeout`) until no session has `applicationName`: a closed session leaves
    /// pg_stat_activity shortly after the client disconnects, not at once.
    static func noBackendsRemain(applicationName: String, timeout: Duration = .seconds(3)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while try await !backendPIDs(applicationName: applicationName).isEmpty {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Terminates the sessions with `applicationName`; returns how many.
    @discardableResult
    static func terminateBackends(applicationName: String) async throws -> Int {
        try await withConnection { connection in
            try connection.query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
                [applicationName]
            ).count
        }
    }

    /// A TCP port on 127.0.0.1 that nothing listens on.
    static func closedPort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A thread-safe high-water mark.
final class Gauge: Sendable {
    private let state = Mutex<(current: Int, highest: Int)>((0, 0))

    func enter() {
        self.state.withLock { state in
            state.current += 1
            state.highest = max(state.highest, state.current)
        }
    }

    func leave() {
        self.state.withLock { $0.current -= 1 }
    }

    var highest: Int { self.state.withLock { $0.highest } }
}

/// Measures elapsed time.
struct Stopwatch {
    private let start = ContinuousClock.now
    var elapsed: Duration { ContinuousClock.now - self.start }
}

/// Collects a listener's events from a task, for assertions with deadlines.
final class EventCollector: Sendable {
    private let events = Mutex<[PostgresListener.Event]>([])
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)

    init(_ listener: PostgresListener) {
        let task = Task { [self] in
            for await event in listener.events {
                self.events.withLock { $0.append(event) }
            }
        }
        self.task.withLock { $0 = task }
    }

    var all: [PostgresListener.Event] { self.events.withLock { $0 } }

    /// Waits until an event matches, returning it (nil after `timeout`).
    func waitFor(
        timeout: Duration = .seconds(10),
        _ predicate: @Sendable (PostgresListener.Event) -> Bool
    ) async -> PostgresListener.Event? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let match = self.events.withLock({ $0.first(where: predicate) }) { return match }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return self.events.withLock { $0.first(where: predicate) }
    }

    /// Waits until the stream finished.
    func waitForEnd() async {
        let task = self.task.withLock { $0 }
        await task?.value
    }
}

extension PostgresListener.Event {
    func isNotification(channel: String, payload: String) -> Bool {
        if case .notification(let notification) = self {
            return notification.channel == channel && notification.payload == payload
        }
        return false
    }
}

/// `Result(catching:)` for async work.
func asyncResult<T>(_ body: () async throws -> T) async -> Result<T, any Error> {
    do {
        return .success(try await body())
    } catch {
        return .failure(error)
    }
}
