extension PostgresConnection {
    /// A transaction's isolation level.
    public enum IsolationLevel: Sendable, Hashable {
        /// `READ COMMITTED`, the server default.
        case readCommitted
        /// `REPEATABLE READ`.
        case repeatableRead
        /// `SERIALIZABLE`; be ready to retry on ``SQLState/serializationFailure``.
        case serializable

        var sql: String {
            switch self {
            case .readCommitted: "READ COMMITTED"
            case .repeatableRead: "REPEATABLE READ"
            case .serializable: "SERIALIZABLE"
            }
        }
    }

    /// Runs `body` in a transaction: `BEGIN`, then `COMMIT` when `body` returns or `ROLLBACK` when it throws.
    /// Blocking.
    ///
    /// A COMMIT that fails throws, and so does a COMMIT the server turned into a ROLLBACK because a statement
    /// inside failed (`body` caught that error): code `.server`, SQLSTATE `25P02`.
    /// - Throws: `body`'s error, or ``PostgresError`` (SQLSTATE `25001` when a transaction is already open).
    @discardableResult
    public func withTransaction<T>(
        isolation: IsolationLevel? = nil,
        _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        guard self.transactionStatus == .idle else {
            throw PostgresError(
                code: .server,
                message: "a transaction is already in progress on this connection",
                sqlState: .activeSQLTransaction
            )
        }
        try self.execute(isolation.map { "BEGIN ISOLATION LEVEL \($0.sql)" } ?? "BEGIN")
        let value: T
        do {
            value = try body(self)
        } catch {
            self.rollbackQuietly()
            throw error
        }
        try self.commit()
        return value
    }

    /// COMMIT, turning a silent rollback into an error.
    func commit() throws {
        let outcome: CommandOutcome
        do {
            outcome = try self.run(sql: "COMMIT", statementName: nil, parameters: [])
        } catch {
            self.rollbackQuietly()
            throw error
        }
        if outcome.commandTag == "ROLLBACK" {
            throw PostgresError(
                code: .server,
                message: "the transaction was rolled back at COMMIT because a statement in it failed",
                sqlState: .inFailedSQLTransaction
            )
        }
    }

    /// ROLLBACK if a transaction is open; errors are ignored (a broken connection is discarded anyway).
    func rollbackQuietly() {
        let status = self.transactionStatus
        guard status == .inTransaction || status == .inError else { return }
        // Not through run(): a cancelled lease must still be able to roll back.
        _ = try? self.executeUnchecked("ROLLBACK")
    }
}
