/// Why ``PostgresMigrator/apply(pool:migrations:lockKey:)`` refused or failed.
public struct MigrationError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case databaseIsNewer, invalidMigrations, migrationFailed
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The database has a version newer than any this code knows (a downgrade); nothing was applied.
        public static let databaseIsNewer = Code(.databaseIsNewer)
        /// The list is invalid: a version is not positive or appears twice.
        public static let invalidMigrations = Code(.invalidMigrations)
        /// A migration's SQL failed; the whole transaction was rolled back. See ``MigrationError/underlying``.
        public static let migrationFailed = Code(.migrationFailed)

        public var description: String { self.base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// The version concerned: the database's newest (for `.databaseIsNewer`), the duplicate or the failing one.
    public var version: Int?
    /// The server's error for `.migrationFailed`.
    public var underlying: PostgresError?
    /// A one-line explanation.
    public var message: String

    public var description: String {
        var text = "MigrationError.\(self.code): \(self.message)"
        if let underlying = self.underlying { text += " (\(underlying))" }
        return text
    }
}
