import LibPQ
import XCheckTestSupport

/// The lab's own database on the test server (`CREATE DATABASE xcheck_cli_<random>`), dropped at the end with
/// `WITH (FORCE)`. SQL runs on a connection of its own per call, on a thread of its own.
struct LabDatabase: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `XCHECK_TEST_DATABASE_URL`: a PostgreSQL server on 127.0.0.1 whose role may create databases.
    static var serverURL: String? { TestEnvironment.databaseURL }

    static var isConfigured: Bool { self.serverURL != nil }

    let name: String
    /// The server's URL with this database in its path.
    let url: String

    static func create() async throws -> LabDatabase {
        guard let base = self.serverURL else { throw Failure(description: "XCHECK_TEST_DATABASE_URL is not set") }
        let name = TestEnvironment.uniqueName("xcheck_cli_")
        _ = try await Self.run(url: base) { try $0.execute("CREATE DATABASE \(name)") }
        return LabDatabase(name: name, url: try TestEnvironment.url(base, database: name))
    }

    /// Drops the database (best effort: a failure is printed, not thrown).
    func drop() async {
        guard let base = Self.serverURL else { return }
        do {
            _ = try await Self.run(url: base) { try $0.execute("DROP DATABASE IF EXISTS \(self.name) WITH (FORCE)") }
        } catch {
            print("CheckCommandTests: could not drop database \(self.name): \(error)")
        }
    }

    /// Runs one statement in this database and returns its rows as text cells.
    @discardableResult
    func query(_ sql: String, _ parameters: [String?] = []) async throws -> [[String?]] {
        try await Self.run(url: self.url) { connection in
            try connection.query(sql, parameters).map { row in
                try (0..<row.count).map { try row.decode(String?.self, at: $0) }
            }
        }
    }

    /// The first column of the first row.
    func scalar(_ sql: String, _ parameters: [String?] = []) async throws -> String? {
        try await self.query(sql, parameters).first?.first ?? nil
    }

    private static func run<T: Sendable>(url: String, _ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        var configuration = try PostgresConnection.Configuration(url: url)
        configuration.applicationName = "xcheck-check-cli-tests"
        configuration.connectTimeout = .seconds(5)
        configuration.statementTimeout = .seconds(30)
        let final = configuration
        return try await OffPool.run {
            let connection = try PostgresConnection.connect(final)
            defer { connection.close() }
            return try body(connection)
        }
    }
}
