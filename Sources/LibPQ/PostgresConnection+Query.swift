internal import CLibPQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension PostgresConnection {
    /// Runs one parameterized statement and returns its rows. Blocking.
    ///
    /// `sql` holds exactly one statement with placeholders `$1`, `$2`, ...; `parameters` are sent separately
    /// in text format (nil is NULL).
    ///
    /// The corresponding C function is `PQexecParams`.
    /// - Throws: ``PostgresError``: `.server` with the SQLSTATE, `.connectionFailed` when the connection broke,
    ///   `.closed`, `.cancelled` (pooled lease cancelled), `.encoding`.
    public func query(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) throws -> [PostgresRow] {
        try self.run(sql: sql, statementName: nil, parameters: parameters).rows
    }

    /// Runs one parameterized statement and returns the number of rows it affected (`PQcmdTuples`; 0 for
    /// commands that report none). Blocking.
    /// - Throws: as ``query(_:_:)``.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) throws -> Int {
        try self.run(sql: sql, statementName: nil, parameters: parameters).affectedRows
    }

    /// Runs a named prepared statement, preparing it in this session on first use, and returns its rows.
    /// Blocking.
    ///
    /// The corresponding C functions are `PQprepare` and `PQexecPrepared`.
    /// - Throws: as ``query(_:_:)``; errors carry the statement's name.
    public func query(_ statement: PostgresStatement, _ parameters: [(any PostgresBindable)?] = []) throws
        -> [PostgresRow]
    {
        try self.run(sql: statement.sql, statementName: statement.name, parameters: parameters).rows
    }

    /// Runs a named prepared statement (prepared on first use) and returns the number of affected rows. Blocking.
    /// - Throws: as ``query(_:_:)``.
    @discardableResult
    public func execute(_ statement: PostgresStatement, _ parameters: [(any PostgresBindable)?] = []) throws -> Int {
        try self.run(sql: statement.sql, statementName: statement.name, parameters: parameters).affectedRows
    }

    /// Runs a typed prepared statement and decodes its rows. Blocking.
    /// - Throws: as ``query(_:_:)``, plus whatever `decodeRow` throws.
    public func run<Statement: PostgresPreparedStatement>(_ statement: Statement) throws -> [Statement.Row] {
        let rows = try self.run(
            sql: Statement.sql,
            statementName: Statement.name,
            parameters: statement.makeBindings()
        ).rows
        return try rows.map { try statement.decodeRow($0) }
    }

    /// Sends `NOTIFY channel, payload` (as `SELECT pg_notify($1, $2)`). Blocking.
    /// - Throws: as ``query(_:_:)``.
    public func notify(channel: String, payload: String = "") throws {
        _ = try self.run(sql: "SELECT pg_notify($1, $2)", statementName: nil, parameters: [channel, payload])
    }

    /// The outcome of one command, copied out of its `PGresult`.
    struct CommandOutcome {
        var rows: [PostgresRow]
        var affectedRows: Int
        var commandTag: String
    }

    /// Runs one command: unnamed (`PQexecParams`) or prepared (`PQprepare` once, then `PQexecPrepared`).
    func run(sql: String, statementName: String?, parameters: [(any PostgresBindable)?]) throws -> CommandOutcome {
        guard let handle = self.handle else { throw PostgresError.closed() }
        if self.cancelHandle.isLeaseCancelled {
            throw PostgresError(code: .cancelled, message: "the operation was cancelled", statementName: statementName)
        }
        let values = try parameters.map { parameter -> String? in
            switch parameter?.postgresData ?? .null {
            case .null:
                return nil
            case .text(let text):
                guard !text.utf8.contains(0) else {
                    throw PostgresError(
                        code: .encoding, message: "a text parameter contains a NUL character",
                        statementName: statementName)
                }
                return text
            }
        }
        guard let statementName else {
            let result = Self.withCStrings(values) { pointers in
                PQexecParams(handle, sql, Int32(pointers.count), nil, pointers.baseAddress, nil, nil, 0)
            }
            return try self.outcome(of: result, statementName: nil)
        }
        return try self.runPrepared(handle: handle, name: statementName, sql: sql, values: values, retry: true)
    }

    private func runPrepared(handle: OpaquePointer, name: String, sql: String, values: [String?], retry: Bool) throws
        -> CommandOutcome
    {
        if self.prepared[name] != sql {
            if self.prepared[name] != nil {
                // Same name, different SQL: drop the old one first.
                self.prepared[name] = nil
                _ = try self.outcome(
                    of: PQexec(handle, "DEALLOCATE " + (try self.escapeIdentifier(name))), statementName: name)
            }
            let prepared = PQprepare(handle, name, sql, 0, nil)
            _ = try self.outcome(of: prepared, statementName: name)
            self.prepared[name] = sql
        }
        let result = Self.withCStrings(values) { pointers in
            PQexecPrepared(handle, name, Int32(pointers.count), pointers.baseAddress, nil, nil, 0)
        }
        do {
            return try self.outcome(of: result, statementName: name)
        } catch let error as PostgresError where error.sqlState?.rawValue == "26000" && retry {
            // "prepared statement does not exist": someone ran DEALLOCATE/DISCARD; prepare again once.
            self.prepared[name] = nil
            return try self.runPrepared(handle: handle, name: name, sql: sql, values: values, retry: false)
        }
    }

    /// Runs `sql` with the simple query protocol (`PQexec`): several statements, no parameters. For migrations
    /// and fixed commands only; never build `sql` from data. Blocking.
    func executeScript(_ sql: String) throws {
        guard let handle = self.handle else { throw PostgresError.closed() }
        if self.cancelHandle.isLeaseCancelled {
            throw PostgresError(code: .cancelled, message: "the operation was cancelled")
        }
        _ = try self.outcome(of: PQexec(handle, sql), statementName: nil)
    }

    /// Runs a fixed command with `PQexec`, ignoring a cancelled lease (for ROLLBACK during cleanup). Blocking.
    func executeUnchecked(_ sql: String) throws {
        guard let handle = self.handle else { throw PostgresError.closed() }
        _ = try self.outcome(of: PQexec(handle, sql), statementName: nil)
    }

    /// Quotes `identifier` for use as an SQL identifier (`PQescapeIdentifier`).
    func escapeIdentifier(_ identifier: String) throws -> String {
        guard let handle = self.handle else { throw PostgresError.closed() }
        let utf8 = Array(identifier.utf8)
        guard !utf8.contains(0) else {
            throw PostgresError(code: .encoding, message: "an identifier contains a NUL character")
        }
        guard let escaped = PQescapeIdentifier(handle, identifier, utf8.count) else {
            throw PostgresError(code: .encoding, message: self.lastErrorMessage)
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    /// Turns a `PGresult` into an outcome or an error, clearing it exactly once.
    private func outcome(of raw: OpaquePointer?, statementName: String?) throws -> CommandOutcome {
        guard let raw else {
            let broken = !self.isConnected
            throw PostgresError(
                code: broken ? .connectionFailed : .server, message: self.lastErrorMessage, statementName: statementName
            )
        }
        let result = QueryResult(raw)
        guard result.succeeded else {
            if result.status == PGRES_FATAL_ERROR || result.status == PGRES_NONFATAL_ERROR
                || result.status == PGRES_BAD_RESPONSE
            {
                throw result.error(connectionBroken: !self.isConnected, statementName: statementName)
            }
            throw PostgresError(
                code: .server, message: "unsupported result status (COPY is not supported)",
                statementName: statementName)
        }
        return CommandOutcome(rows: result.rows(), affectedRows: result.affectedRows, commandTag: result.commandTag)
    }

    /// Calls `body` with a C array of NUL-terminated copies of `values` (NULL pointers for nil).
    private static func withCStrings<T>(_ values: [String?], _ body: (UnsafeBufferPointer<UnsafePointer<CChar>?>) -> T)
        -> T
    {
        let copies: [UnsafeMutablePointer<CChar>?] = values.map { value in value.map { strdup($0) } }
        defer { for copy in copies { free(copy) } }
        let pointers = copies.map { UnsafePointer($0) }
        return pointers.withUnsafeBufferPointer { body($0) }
    }
}
