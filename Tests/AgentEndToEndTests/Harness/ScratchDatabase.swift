import LibPQ
import XCheckTestSupport

/// A database of its own for one test (`CREATE DATABASE xcheck_e2e_<random>` on the test server), dropped
/// `WITH (FORCE)` at the end. The coordinator migrates it at its first start. Queries run on a connection of
/// their own, off the cooperative pool.
struct ScratchDatabase: Sendable {
    let name: String
    /// The test server's URL with this database in its path.
    let url: String

    static func create() async throws -> ScratchDatabase {
        guard let base = E2E.databaseURL else { throw E2E.Failure("XCHECK_TEST_DATABASE_URL is not set") }
        let name = TestEnvironment.uniqueName("xcheck_e2e_")
        try await Self.on(base, application: "xcheck-agent-e2e-admin") { _ = try $0.execute("CREATE DATABASE \(name)") }
        return ScratchDatabase(name: name, url: try TestEnvironment.url(base, database: name))
    }

    /// Drops the database (best effort: a failure is printed, not thrown).
    func drop() async {
        guard let base = E2E.databaseURL else { return }
        do {
            try await Self.on(base, application: "xcheck-agent-e2e-admin") {
                _ = try $0.execute("DROP DATABASE IF EXISTS \(self.name) WITH (FORCE)")
            }
        } catch {
            print("AgentEndToEndTests: could not drop database \(self.name): \(error)")
        }
    }

    /// Runs `body` on a fresh connection to this database.
    func with<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await Self.on(self.url, application: "xcheck-agent-e2e-sql", body)
    }

    private static func on<T: Sendable>(
        _ url: String, application: String, _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        var configuration = try PostgresConnection.Configuration(url: url)
        configuration.applicationName = application
        configuration.connectTimeout = .seconds(5)
        configuration.statementTimeout = .seconds(30)
        let final = configuration
        return try await OffPool.run {
            let connection = try PostgresConnection.connect(final)
            defer { connection.close() }
            return try body(connection)
        }
    }

    // MARK: - What the coordinator stored

    /// One row of `results`.
    struct ResultRow: Sendable, Hashable {
        var resultID: String
        var jobID: String?
        var outcome: String
    }

    /// Every stored result.
    func results() async throws -> [ResultRow] {
        try await self.with { connection in
            try connection.query("SELECT result_id::text, job_id::text, outcome FROM results ORDER BY received_at, result_id").map {
                ResultRow(
                    resultID: try $0.decode(String.self, at: 0), jobID: try $0.decode(String?.self, at: 1),
                    outcome: try $0.decode(String.self, at: 2))
            }
        }
    }

    /// How many results are stored.
    func resultCount() async throws -> Int {
        try await self.with { try $0.query("SELECT count(*) FROM results").first?.decode(Int.self, at: 0) ?? 0 }
    }

    /// Jobs that have more than one stored result (the "duplicate" check): job id and count.
    func jobsWithSeveralResults() async throws -> [String: Int] {
        try await self.with { connection in
            var found: [String: Int] = [:]
            for row in try connection.query(
                "SELECT job_id::text, count(*) FROM results GROUP BY job_id HAVING count(*) > 1 OR job_id IS NULL")
            {
                found[try row.decode(String?.self, at: 0) ?? "(no job)"] = try row.decode(Int.self, at: 1)
            }
            return found
        }
    }

    /// Every job with its state (`pending`, `claimed`, `done`, `expired`).
    func jobStates() async throws -> [String: String] {
        try await self.with { connection in
            var states: [String: String] = [:]
            for row in try connection.query("SELECT id::text, state FROM jobs") {
                states[try row.decode(String.self, at: 0)] = try row.decode(String.self, at: 1)
            }
            return states
        }
    }
}
