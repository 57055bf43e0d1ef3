/// A typed prepared statement: its SQL, how to bind its parameters and how to decode its rows.
///
/// ```swift
/// struct AgentName: PostgresPreparedStatement {
///     static let sql = "SELECT name FROM agents WHERE id = $1"
///     var id: Int64
///     func makeBindings() -> [(any PostgresBindable)?] { [self.id] }
///     func decodeRow(_ row: PostgresRow) throws -> String { try row.decode(at: 0) }
/// }
/// let names = try connection.run(AgentName(id: 42))
/// ```
public protocol PostgresPreparedStatement: Sendable {
    /// What one row decodes to.
    associatedtype Row
    /// The name the statement is prepared under. Default: the type's fully qualified name.
    static var name: String { get }
    /// The SQL, with placeholders `$1`, `$2`, ...
    static var sql: String { get }
    /// The parameter values, in placeholder order.
    func makeBindings() -> [(any PostgresBindable)?]
    /// Decodes one result row.
    func decodeRow(_ row: PostgresRow) throws -> Row
}

extension PostgresPreparedStatement {
    public static var name: String { String(reflecting: Self.self) }
}
