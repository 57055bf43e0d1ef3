import LibPQ
import Testing

extension LibPQIntegrationTests {
    @Suite("PostgresMigrator")
    struct MigratorTests {
        static let migrations = [
            Migration(
                version: 1, name: "agents",
                sql: "CREATE TABLE agents (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE);"),
            Migration(
                version: 2,
                name: "checks",
                sql: """
                    CREATE TABLE checks (id bigserial PRIMARY KEY, agent_id bigint NOT NULL REFERENCES agents (id));
                    CREATE INDEX checks_agent ON checks (agent_id);
                    """
            ),
            Migration(version: 3, name: "agent note", sql: "ALTER TABLE agents ADD COLUMN note text;"),
        ]

        @Test("applies missing versions in order, is idempotent, and refuses a newer database")
        func applyAndReapply() async throws {
            try await TestDatabase.withSchema { schema in
                let pool = PostgresConnectionPool(
                    configuration: try TestDatabase.poolConfiguration(schema: schema, maximumConnections: 1))
                // Given out of order on purpose.
                let applied = try await PostgresMigrator.apply(pool: pool, migrations: Self.migrations.reversed())
                #expect(applied == [1, 2, 3])
                let rows = try await pool.query("SELECT version, name FROM schema_migrations ORDER BY version")
                #expect(try rows.map { try $0.decode(Int.self, at: 0) } == [1, 2, 3])
                #expect(try rows.map { try $0.decode(String.self, at: 1) } == ["agents", "checks", "agent note"])
                try await pool.execute("INSERT INTO agents (name, note) VALUES ($1, $2)", ["a", "n"])

                #expect(try await PostgresMigrator.apply(pool: pool, migrations: Self.migrations) == [])

                let four = Migration(
                    version: 4, name: "agent region", sql: "ALTER TABLE agents ADD COLUMN region text;")
                #expect(try await PostgresMigrator.apply(pool: pool, migrations: Self.migrations + [four]) == [4])

                let downgrade = try await #require(throws: MigrationError.self) {
                    try await PostgresMigrator.apply(pool: pool, migrations: Self.migrations)
                }
                #expect(downgrade.code == .databaseIsNewer)
                #expect(downgrade.version == 4)

                // A failing migration rolls everything back, including earlier statements of the same batch.
                let five = Migration(version: 5, name: "good", sql: "CREATE TABLE five (id int);")
                let six = Migration(
                    version: 6, name: "bad", sql: "CREATE TABLE six (id int); SELECT * FROM no_such_table;")
                let failure = try await #require(throws: MigrationError.self) {
                    try await PostgresMigrator.apply(pool: pool, migrations: Self.migrations + [four, five, six])
                }
                #expect(failure.code == .migrationFailed)
                #expect(failure.version == 6)
                #expect(failure.underlying?.sqlState == .undefinedTable)
                let tables = try await pool.query(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ('five', 'six')",
                    [schema]
                )
                #expect(try tables.first?.decode(Int.self, at: 0) == 0)
                #expect(
                    try await pool.query("SELECT max(version) FROM schema_migrations").first?.decode(Int.self, at: 0)
                        == 4)

                let duplicate = try await #require(throws: MigrationError.self) {
                    try await PostgresMigrator.apply(pool: pool, migrations: Self.migrations + Self.migrations)
                }
                #expect(duplicate.code == .invalidMigrations)
                await pool.shutdown()
            }
        }

        @Test("two pools applying at once apply each migration exactly once")
        func concurrentApply() async throws {
            try await TestDatabase.withSchema { schema in
                let migrations = [
                    Migration(version: 1, name: "counter", sql: "CREATE TABLE applied (version int NOT NULL);"),
                    Migration(version: 2, name: "slow", sql: "INSERT INTO applied VALUES (2); SELECT pg_sleep(0.3);"),
                    Migration(version: 3, name: "more", sql: "INSERT INTO applied VALUES (3);"),
                ]
                let first = PostgresConnectionPool(
                    configuration: try TestDatabase.poolConfiguration(schema: schema, maximumConnections: 1))
                let second = PostgresConnectionPool(
                    configuration: try TestDatabase.poolConfiguration(schema: schema, maximumConnections: 1))
                async let a = PostgresMigrator.apply(pool: first, migrations: migrations)
                async let b = PostgresMigrator.apply(pool: second, migrations: migrations)
                let results = try await [a, b]
                #expect(results.flatMap { $0 }.sorted() == [1, 2, 3])
                #expect(results.contains([]))
                let applied = try await first.query("SELECT version FROM applied ORDER BY version").map {
                    try $0.decode(Int.self, at: 0)
                }
                #expect(applied == [2, 3])
                #expect(
                    try await second.query("SELECT count(*) FROM schema_migrations").first?.decode(Int.self, at: 0) == 3
                )
                await first.shutdown()
                await second.shutdown()
            }
        }
    }
}
