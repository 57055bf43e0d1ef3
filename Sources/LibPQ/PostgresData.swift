/// A parameter as sent to the server: text (the text format of its type) or SQL NULL.
///
/// The server infers each parameter's type from the statement; cast in SQL where it cannot (`$1::bytea`).
public enum PostgresData: Sendable, Hashable {
    /// The value in PostgreSQL's text format, e.g. `42`, `t`, `\x00ff`.
    case text(String)
    /// SQL NULL.
    case null
}

extension PostgresData: PostgresBindable {
    public var postgresData: PostgresData { self }
}
