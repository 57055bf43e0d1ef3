/// Applies schema migrations safely from several replicas at once.
///
/// Everything happens in one transaction holding `pg_advisory_xact_lock(lockKey)`: the first caller creates
/// `schema_migrations` if needed and applies the missing versions in ascending order; concurrent callers wait
/// for the lock, then find nothing left to do. A database with a version newer than the code knows is refused
/// (downgrade protection). `schema_migrations` is created in the session's `search_path`.
public enum PostgresMigrator {
    /// The advisory lock key used by default: the ASCII bytes of "xcheck".
    public static let defaultLockKey: Int64 = 0x78_63_68_65_63_6B

    /// Applies the migrations the database lacks.
    ///
    /// - Parameters:
    ///   - pool: the pool to run on; one connection is leased for the whole transaction.
    ///   - migrations: every migration the code knows, in any order.
    ///   - lockKey: the advisory lock key; every replica must use the same.
    /// - Returns: the versions applied by this call, ascending (empty when the schema was current).
    /// - Throws: ``MigrationError`` (`.databaseIsNewer`, `.invalidMigrations`, `.migrationFailed`) or
    ///   ``PostgresError``; on any error nothing is applied.
    @discardableResult
    public static func apply(
        pool: PostgresConnectionPool,
        migrations: [Migration],
        lockKey: Int64 = PostgresMigrator.defaultLockKey
    ) async throws -> [Int] {
        let ordered = try self.validated(migrations)
        return try await pool.withTransaction { connection in
            try self.apply(ordered, on: connection, lockKey: lockKey)
        }
    }

    /// Applies `ordered` (validated, ascending) inside the caller's transaction. Blocking.
    static func apply(_ ordered: [Migration], on connection: PostgresConnection, lockKey: Int64) throws -> [Int] {
        _ = try connection.query("SELECT pg_advisory_xact_lock($1::bigint)", [lockKey])
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """
        )
        let applied = Set(
            try connection.query("SELECT version FROM schema_migrations").map { try $0.decode(Int.self, at: 0) })
        let newestKnown = ordered.last?.version ?? 0
        if let newestApplied = applied.max(), newestApplied > newestKnown {
            throw MigrationError(
                code: .databaseIsNewer,
                version: newestApplied,
                message: "the database is at version \(newestApplied) but this code knows versions up to \(newestKnown)"
            )
        }
        var done: [Int] = []
        for migration in ordered where !applied.contains(migration.version) {
            do {
                try connection.executeScript(migration.sql)
            } catch let error as PostgresError where error.code == .server {
                throw MigrationError(
                    code: .migrationFailed,
                    version: migration.version,
                    underlying: error,
                    message: "migration \(migration.version) (\(migration.name)) failed"
                )
            }
            try connection.execute(
                "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                [migration.version, migration.name]
            )
            done.append(migration.version)
        }
        return done
    }

    /// Checks versions (positive, unique) and sorts them.
    static func validated(_ migrations: [Migration]) throws -> [Migration] {
        var seen: Set<Int> = []
        for migration in migrations {
            guard migration.version > 0 else {
                throw MigrationError(
                    code: .invalidMigrations, version: migration.version, message: "migration versions must be positive"
                )
            }
            guard seen.insert(migration.version).inserted else {
                throw MigrationError(
                    code: .invalidMigrations, version: migration.version,
                    message: "migration version \(migration.version) appears twice")
            }
        }
        return migrations.sorted { $0.version < $1.version }
    }
}
