import LibPQ
import XCheckTestSupport

/// A database of its own for one test (`CREATE DATABASE xcheck_t_<random>` on the test server), so tests never
/// see each other's rows. Dropped with `WITH (FORCE)`, which also ends sessions a test left behind.
struct ScratchDatabase: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let name: String
    /// The test server's URL with this database in its path.
    let url: String

    /// A connection configuration with a recognisable application name and a short connect timeout.
    func configuration(applicationName: String = "xcheck-coordinator-tests") throws -> PostgresConnection.Configuration {
        var configuration = try PostgresConnection.Configuration(url: self.url)
        configuration.applicationName = applicationName
        configuration.connectTimeout = .seconds(3)
        return configuration
    }

    /// A small pool for the test's own SQL (assertions and set-up).
    func makePool(maximumConnections: Int = 4) throws -> PostgresConnectionPool {
        var configuration = PostgresConnectionPool.Configuration(connection: try self.configuration(applicationName: "xcheck-coordinator-tests-sql"))
        configuration.maximumConnections = maximumConnections
        configuration.acquireTimeout = .seconds(10)
        return PostgresConnectionPool(configuration: configuration)
    }

    static func create() async throws -> ScratchDatabase {
        guard let base = TestSettings.databaseURL else { throw Failure(description: "XCHECK_TEST_DATABASE_URL is not set") }
        let name = TestEnvironment.uniqueName("xcheck_t_")
        try await self.onServer { try $0.execute("CREATE DATABASE \(name)") }
        return ScratchDatabase(name: name, url: try TestEnvironment.url(base, database: name))
    }

    /// Drops the database (best effort: a failure is reported, not thrown).
    func drop() async {
        do {
            try await Self.onServer { try $0.execute("DROP DATABASE IF EXISTS \(self.name) WITH (FORCE)") }
        } catch {
            print("CoordinatorTests: could not drop database \(self.name): \(error)")
        }
    }

    /// Runs `body` on a connection to the server's maintenance database (the URL's own), on a thread of its own.
    static func onServer<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        guard let base = TestSettings.databaseURL else { throw Failure(description: "XCHECK_TEST_DATABASE_URL is not set") }
        var configuration = try PostgresConnection.Configuration(url: base)
        configuration.applicationName = "xcheck-coordinator-tests-admin"
        configuration.connectTimeout = .seconds(5)
        let final = configuration
        return try await OffPool.run {
            let connection = try PostgresConnection.connect(final)
            defer { connection.close() }
            return try body(connection)
        }
    }
}
