/// One schema migration: a version, a name and the SQL that applies it (several statements allowed).
///
/// Migrations run inside one transaction, so their SQL must be transactional (no `CREATE INDEX CONCURRENTLY`,
/// no `VACUUM`).
public struct Migration: Sendable, Hashable {
    /// The version; positive, unique, applied in ascending order.
    public var version: Int
    /// A short name, stored in `schema_migrations`.
    public var name: String
    /// The SQL to run.
    public var sql: String

    /// Creates a migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}
