extension PostgresConnectionPool {
    /// Runs `body` in a transaction on a leased connection: `BEGIN`, then `COMMIT`, or `ROLLBACK` when `body`
    /// throws. A failed COMMIT throws (see ``PostgresConnection/withTransaction(isolation:_:)``).
    /// - Throws: as ``withConnection(_:)``.
    @discardableResult
    public func withTransaction<T: Sendable>(
        isolation: PostgresConnection.IsolationLevel? = nil,
        _ body: @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        try await self.withConnection { connection in
            try connection.withTransaction(isolation: isolation, body)
        }
    }

    /// Runs one parameterized statement on a leased connection and returns its rows.
    /// - Throws: as ``withConnection(_:)``.
    public func query(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) async throws -> [PostgresRow] {
        try await self.withConnection { try $0.query(sql, parameters) }
    }

    /// Runs one parameterized statement on a leased connection and returns the number of affected rows.
    /// - Throws: as ``withConnection(_:)``.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) async throws -> Int {
        try await self.withConnection { try $0.execute(sql, parameters) }
    }

    /// Runs a named prepared statement (prepared once per connection) and returns its rows.
    /// - Throws: as ``withConnection(_:)``.
    public func query(_ statement: PostgresStatement, _ parameters: [(any PostgresBindable)?] = []) async throws
        -> [PostgresRow]
    {
        try await self.withConnection { try $0.query(statement, parameters) }
    }

    /// Runs a named prepared statement and returns the number of affected rows.
    /// - Throws: as ``withConnection(_:)``.
    @discardableResult
    public func execute(_ statement: PostgresStatement, _ parameters: [(any PostgresBindable)?] = []) async throws
        -> Int
    {
        try await self.withConnection { try $0.execute(statement, parameters) }
    }

    /// Runs a typed prepared statement and decodes its rows.
    /// - Throws: as ``withConnection(_:)``.
    public func run<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> [Statement.Row]
    where Statement.Row: Sendable {
        try await self.withConnection { try $0.run(statement) }
    }

    /// Sends a notification on `channel` (`pg_notify`).
    /// - Throws: as ``withConnection(_:)``.
    public func notify(channel: String, payload: String = "") async throws {
        try await self.withConnection { try $0.notify(channel: channel, payload: payload) }
    }
}
