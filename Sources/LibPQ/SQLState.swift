/// A five-character PostgreSQL error code (SQLSTATE), e.g. `23505` for a unique violation.
///
/// Only the states the coordinator acts on have names; any other code is still available as `rawValue`.
/// - SeeAlso: https://www.postgresql.org/docs/15/errcodes-appendix.html
public struct SQLState: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The five-character code.
    public let rawValue: String

    /// Wraps a code as reported by the server.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The two-character class, e.g. `23` (integrity constraint violation).
    public var errorClass: String { String(self.rawValue.prefix(2)) }

    public var description: String { self.rawValue }

    /// `22P02`: a value's text could not be parsed as its type.
    public static let invalidTextRepresentation = SQLState(rawValue: "22P02")
    /// `23502`: NOT NULL violated.
    public static let notNullViolation = SQLState(rawValue: "23502")
    /// `23503`: FOREIGN KEY violated.
    public static let foreignKeyViolation = SQLState(rawValue: "23503")
    /// `23505`: UNIQUE or PRIMARY KEY violated.
    public static let uniqueViolation = SQLState(rawValue: "23505")
    /// `23514`: CHECK constraint violated.
    public static let checkViolation = SQLState(rawValue: "23514")
    /// `25001`: a transaction is already in progress.
    public static let activeSQLTransaction = SQLState(rawValue: "25001")
    /// `25P02`: the transaction is aborted; commands are ignored until its end (also used when COMMIT rolled back).
    public static let inFailedSQLTransaction = SQLState(rawValue: "25P02")
    /// `28P01`: wrong password.
    public static let invalidPassword = SQLState(rawValue: "28P01")
    /// `40001`: serialization failure; retry the transaction.
    public static let serializationFailure = SQLState(rawValue: "40001")
    /// `40P01`: deadlock detected; retry the transaction.
    public static let deadlockDetected = SQLState(rawValue: "40P01")
    /// `42501`: insufficient privilege.
    public static let insufficientPrivilege = SQLState(rawValue: "42501")
    /// `42601`: syntax error.
    public static let syntaxError = SQLState(rawValue: "42601")
    /// `42703`: undefined column.
    public static let undefinedColumn = SQLState(rawValue: "42703")
    /// `42P01`: undefined table.
    public static let undefinedTable = SQLState(rawValue: "42P01")
    /// `53300`: too many connections.
    public static let tooManyConnections = SQLState(rawValue: "53300")
    /// `55P03`: lock not available (`NOWAIT`, `lock_timeout`).
    public static let lockNotAvailable = SQLState(rawValue: "55P03")
    /// `57014`: query cancelled (by `PQcancel` or `statement_timeout`).
    public static let queryCanceled = SQLState(rawValue: "57014")
    /// `57P01`: the server is shutting down (administrator command).
    public static let adminShutdown = SQLState(rawValue: "57P01")
    /// `57P02`: the server crashed.
    public static let crashShutdown = SQLState(rawValue: "57P02")
    /// `57P03`: the server cannot accept connections now (starting up or shutting down).
    public static let cannotConnectNow = SQLState(rawValue: "57P03")

    /// True for the states worth retrying the whole transaction for (serialization failure, deadlock).
    public var isTransactionRetryable: Bool { self == .serializationFailure || self == .deadlockDetected }
}
