/// The one error type of `LibPQ`.
///
/// `description` is safe to log: it holds the code, the SQLSTATE, the server's primary message and the
/// prepared statement's name, and never bound parameter values, `detail` (which often quotes them, e.g.
/// `Key (email)=(x) already exists.`) or connection secrets. For data-exception messages (SQLSTATE class
/// `22`), which quote the offending input, quoted text is elided too. `debugDescription` adds `detail` and
/// `hint` for local debugging.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case connectionFailed, server, decoding, encoding, poolTimeout, tooManyPending, cancelled, closed
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The connection could not be established, or it broke during a command.
        public static let connectionFailed = Code(.connectionFailed)
        /// The server reported an error for a command; see ``PostgresError/sqlState``.
        public static let server = Code(.server)
        /// A value in a result row could not be decoded as the requested type.
        public static let decoding = Code(.decoding)
        /// A parameter could not be sent (text containing a NUL character).
        public static let encoding = Code(.encoding)
        /// No connection became free within the pool's acquire timeout.
        public static let poolTimeout = Code(.poolTimeout)
        /// The pool's queue of waiting requests is full.
        public static let tooManyPending = Code(.tooManyPending)
        /// The operation was cancelled before it could finish.
        public static let cancelled = Code(.cancelled)
        /// The connection or the pool is closed.
        public static let closed = Code(.closed)

        public var description: String { self.base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// The server's SQLSTATE, when the server reported one.
    public var sqlState: SQLState?
    /// The primary message (libpq's or the server's), on one line.
    public var message: String
    /// The server's DETAIL field. May quote data, including bound values: never put it in logs or responses.
    public var detail: String?
    /// The server's HINT field.
    public var hint: String?
    /// The prepared statement's name, when the command was a prepared statement.
    public var statementName: String?

    /// Creates an error; `message` is flattened to one line.
    public init(
        code: Code,
        message: String,
        sqlState: SQLState? = nil,
        detail: String? = nil,
        hint: String? = nil,
        statementName: String? = nil
    ) {
        self.code = code
        self.message = PostgresError.singleLine(message)
        self.sqlState = sqlState
        self.detail = detail.map(PostgresError.singleLine)
        self.hint = hint.map(PostgresError.singleLine)
        self.statementName = statementName
    }

    public var description: String {
        var text = "PostgresError.\(self.code)"
        if let sqlState = self.sqlState { text += " (SQLSTATE \(sqlState.rawValue))" }
        text += ": " + self.safeMessage
        if let statementName = self.statementName { text += " [statement \(statementName)]" }
        return text
    }

    public var debugDescription: String {
        var text = self.description
        if let detail = self.detail { text += " DETAIL: \(detail)" }
        if let hint = self.hint { text += " HINT: \(hint)" }
        return text
    }

    /// The message for `description`: quoted input is elided from data-exception messages.
    private var safeMessage: String {
        guard self.sqlState?.errorClass == "22" else { return self.message }
        var result = ""
        var inQuote = false
        for character in self.message {
            if character == "\"" {
                if inQuote { result += "…\"" } else { result.append(character) }
                inQuote.toggle()
            } else if !inQuote {
                result.append(character)
            }
        }
        if inQuote { result += "…" }
        return result
    }

    /// Joins the lines of a libpq or server message into one line without surrounding whitespace.
    static func singleLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}

extension PostgresError {
    static func closed(_ message: String = "the connection is closed") -> PostgresError {
        PostgresError(code: .closed, message: message)
    }

    static let poolClosed = PostgresError(code: .closed, message: "the connection pool is shut down")
    static let poolTimeout = PostgresError(
        code: .poolTimeout, message: "no connection became available within the acquire timeout")
    static let tooManyPending = PostgresError(
        code: .tooManyPending, message: "too many requests are waiting for a connection")

    /// True when this error is the server reporting a cancelled query or the pool refusing work for a
    /// cancelled lease.
    var isCancellation: Bool { self.code == .cancelled || self.sqlState == .queryCanceled }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = self.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = self.lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
