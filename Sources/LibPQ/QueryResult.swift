internal import CLibPQ

/// Owns one `PGresult`: `PQclear` runs exactly once, in `deinit`, and being `~Copyable` the result can be
/// neither copied nor cleared twice. Everything callers keep is copied out (``rows()``) before it dies.
struct QueryResult: ~Copyable {
    private let raw: OpaquePointer

    init(_ raw: OpaquePointer) {
        self.raw = raw
    }

    deinit {
        PQclear(self.raw)
    }

    /// The result's status (`PQresultStatus`).
    var status: ExecStatusType { PQresultStatus(self.raw) }

    /// True for the statuses of a successful command.
    var succeeded: Bool {
        let status = self.status
        return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY
    }

    /// One error field (`PQresultErrorField`), nil when absent or empty.
    func errorField(_ code: UInt8) -> String? {
        guard let pointer = PQresultErrorField(self.raw, Int32(code)) else { return nil }
        let text = String(cString: pointer)
        return text.isEmpty ? nil : text
    }

    /// The whole error text (`PQresultErrorMessage`).
    var errorMessage: String { String(cString: PQresultErrorMessage(self.raw)) }

    /// Rows affected (`PQcmdTuples`); 0 for commands that report none.
    var affectedRows: Int { Int(String(cString: PQcmdTuples(self.raw))) ?? 0 }

    /// The command tag (`PQcmdStatus`), e.g. `INSERT 0 1` or `COMMIT`.
    var commandTag: String { String(cString: PQcmdStatus(self.raw)) }

    /// Copies every row out of the result.
    func rows() -> [PostgresRow] {
        let rowCount = Int(PQntuples(self.raw))
        let columnCount = Int(PQnfields(self.raw))
        guard columnCount > 0 else { return [] }
        var names: [String] = []
        var types: [UInt32] = []
        names.reserveCapacity(columnCount)
        types.reserveCapacity(columnCount)
        for column in 0..<Int32(columnCount) {
            names.append(PQfname(self.raw, column).map { String(cString: $0) } ?? "?column?")
            types.append(UInt32(PQftype(self.raw, column)))
        }
        let columns = PostgresRow.Columns(names: names, typeOIDs: types)
        var rows: [PostgresRow] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            var cells: [String?] = []
            cells.reserveCapacity(columnCount)
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(self.raw, row, column) != 0 {
                    cells.append(nil)
                } else {
                    let length = Int(PQgetlength(self.raw, row, column))
                    let pointer = UnsafeRawPointer(PQgetvalue(self.raw, row, column)!)
                    let bytes = UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self), count: length)
                    cells.append(String(decoding: bytes, as: UTF8.self))
                }
            }
            rows.append(PostgresRow(columns: columns, cells: cells))
        }
        return rows
    }

    /// The server error in this result as a ``PostgresError``.
    func error(connectionBroken: Bool, statementName: String?) -> PostgresError {
        let sqlState = self.errorField(UInt8(ascii: "C")).map(SQLState.init(rawValue:))
        let primary = self.errorField(UInt8(ascii: "M")) ?? self.errorMessage
        return PostgresError(
            code: connectionBroken ? .connectionFailed : .server,
            message: primary.isEmpty ? "the command failed" : primary,
            sqlState: sqlState,
            detail: self.errorField(UInt8(ascii: "D")),
            hint: self.errorField(UInt8(ascii: "H")),
            statementName: statementName
        )
    }
}
