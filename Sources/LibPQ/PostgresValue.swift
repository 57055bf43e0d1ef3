/// One cell of a result row, copied out of libpq: its column, its type and its text (nil for NULL).
public struct PostgresValue: Sendable, Hashable {
    /// The column's name.
    public let columnName: String
    /// The column's type OID (e.g. 20 for `int8`, 25 for `text`, 17 for `bytea`); 0 when the column is missing.
    public let typeOID: UInt32
    /// The value in PostgreSQL's text format; nil for SQL NULL.
    public let text: String?
    /// False when the row has no column of the requested name.
    let exists: Bool

    init(columnName: String, typeOID: UInt32, text: String?, exists: Bool = true) {
        self.columnName = columnName
        self.typeOID = typeOID
        self.text = text
        self.exists = exists
    }

    /// True for SQL NULL.
    public var isNull: Bool { self.text == nil }

    /// Decodes the value as `type`. Decode optionals (`Int?`) for nullable columns.
    /// - Throws: ``PostgresError`` with code `.decoding` when the value is NULL (and `T` is not optional),
    ///   the column does not exist, or the text is not a valid `T`.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self) throws -> T {
        guard self.exists else {
            throw PostgresError(code: .decoding, message: "the result has no column named \"\(self.columnName)\"")
        }
        return try T(postgresValue: self)
    }

    /// The text of a non-NULL value.
    /// - Throws: ``PostgresError`` with code `.decoding` for NULL.
    public func requireText<T>(as type: T.Type) throws -> String {
        guard let text = self.text else {
            throw PostgresError(
                code: .decoding, message: "column \"\(self.columnName)\" is NULL; decode \(T.self)? instead")
        }
        return text
    }

    /// The error to throw when the text is not a valid `T`. It never quotes the value itself.
    public func decodingError<T>(as type: T.Type) -> PostgresError {
        PostgresError(
            code: .decoding,
            message: "cannot decode column \"\(self.columnName)\" (type oid \(self.typeOID)) as \(T.self)"
        )
    }
}
