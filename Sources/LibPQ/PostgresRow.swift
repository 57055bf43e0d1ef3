/// One row of a query result, copied out of libpq (nothing in it points into a `PGresult`).
///
/// ```swift
/// let rows = try connection.query("SELECT id, name FROM agents WHERE id = $1", [id])
/// let name = try rows[0].decode(String.self, column: "name")
/// let id: Int64 = try rows[0].decode(at: 0)
/// ```
public struct PostgresRow: Sendable, Hashable {
    /// The result's columns, shared by all its rows.
    final class Columns: Sendable, Hashable {
        let names: [String]
        let typeOIDs: [UInt32]
        let indexByName: [String: Int]

        init(names: [String], typeOIDs: [UInt32]) {
            self.names = names
            self.typeOIDs = typeOIDs
            var index: [String: Int] = [:]
            for (position, name) in names.enumerated() where index[name] == nil {
                index[name] = position
            }
            self.indexByName = index
        }

        static func == (lhs: Columns, rhs: Columns) -> Bool {
            lhs === rhs || (lhs.names == rhs.names && lhs.typeOIDs == rhs.typeOIDs)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(self.names)
        }
    }

    let columns: Columns
    let cells: [String?]

    init(columns: Columns, cells: [String?]) {
        self.columns = columns
        self.cells = cells
    }

    /// The number of columns.
    public var count: Int { self.cells.count }

    /// The column names, in order.
    public var columnNames: [String] { self.columns.names }

    /// The value at column `index` (0-based). Traps when `index` is out of range.
    public subscript(index: Int) -> PostgresValue {
        precondition(
            index >= 0 && index < self.cells.count, "column index \(index) out of range 0..<\(self.cells.count)")
        return PostgresValue(
            columnName: self.columns.names[index], typeOID: self.columns.typeOIDs[index], text: self.cells[index])
    }

    /// The value of the first column named `column`; decoding it throws when there is no such column.
    public subscript(column: String) -> PostgresValue {
        guard let index = self.columns.indexByName[column] else {
            return PostgresValue(columnName: column, typeOID: 0, text: nil, exists: false)
        }
        return self[index]
    }

    /// Decodes column `index` (0-based) as `type`.
    /// - Throws: ``PostgresError`` with code `.decoding`.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at index: Int) throws -> T {
        guard index >= 0 && index < self.cells.count else {
            throw PostgresError(code: .decoding, message: "column index \(index) out of range 0..<\(self.cells.count)")
        }
        return try self[index].decode(type)
    }

    /// Decodes the first column named `column` as `type`.
    /// - Throws: ``PostgresError`` with code `.decoding`.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, column: String) throws -> T {
        try self[column].decode(type)
    }
}
