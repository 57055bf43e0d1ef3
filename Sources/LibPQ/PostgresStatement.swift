/// A named statement: prepared once per session on first use (`PQprepare`), then run by name
/// (`PQexecPrepared`).
///
/// ```swift
/// let agentByID = PostgresStatement(name: "agent_by_id", sql: "SELECT name FROM agents WHERE id = $1")
/// let rows = try connection.query(agentByID, [42])
/// ```
public struct PostgresStatement: Sendable, Hashable {
    /// The statement's name in the session; one name, one SQL text.
    public var name: String
    /// The SQL, with placeholders `$1`, `$2`, ...
    public var sql: String

    /// Names `sql`.
    public init(name: String, sql: String) {
        self.name = name
        self.sql = sql
    }
}
