import LibPQ
import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The lab's own database on the test server (`CREATE DATABASE xcheck_cli_<random>`), dropped at the end with
/// `WITH (FORCE)`. SQL runs on a connection of its own per call, on a thread of its own.
struct LabDatabase: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `XCHECK_TEST_DATABASE_URL`: a PostgreSQL server on 127.0.0.1 whose role may create databases.
    static var serverURL: String? {
        guard let value = getenv("XCHECK_TEST_DATABASE_URL") else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    static var isConfigured: Bool { self.serverURL != nil }

    let name: String
    /// The server's URL with this database in its path.
    let url: String

    static func create() async throws -> LabDatabase {
        guard let base = self.serverURL else { throw Failure(description: "XCHECK_TEST_DATABASE_URL is not set") }
        let digits = Array("0123456789abcdef")
        let name = "xcheck_cli_" + String((0..<12).map { _ in digits[Int.random(in: 0..<16)] })
        _ = try await Self.run(url: base) { try $0.execute("CREATE DATABASE \(name)") }
        return LabDatabase(name: name, url: try Self.url(base, database: name))
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

    /// `url` with its path (the database name) replaced, keeping user, password, host, port and query.
    static func url(_ url: String, database: String) throws -> String {
        guard let schemeEnd = url.range(of: "://") else { throw Failure(description: "the test database URL has no scheme") }
        let afterScheme = url[schemeEnd.upperBound...]
        let queryStart = afterScheme.firstIndex(of: "?") ?? afterScheme.endIndex
        let authorityEnd = afterScheme[..<queryStart].firstIndex(of: "/") ?? queryStart
        return String(url[..<authorityEnd]) + "/" + database + String(afterScheme[queryStart...])
    }
}
