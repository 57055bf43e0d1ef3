internal import CLibPQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One PostgreSQL session over libpq.
///
/// Blocking: every method that talks to the server waits for it on the calling thread. Call them from a thread
/// you own (``PostgresConnectionPool`` runs its closures on its own threads), never from Swift's cooperative
/// pool. A connection is not `Sendable`: libpq allows one thread at a time per `PGconn`.
///
/// ```swift
/// let connection = try PostgresConnection.connect(try .init(url: "postgres://xcheck@127.0.0.1:5432/xcheck"))
/// let rows = try connection.query("SELECT name FROM agents WHERE id = $1", [42])
/// connection.close()
/// ```
public final class PostgresConnection {
    /// `PGconn*`; nil once closed.
    private(set) var handle: OpaquePointer?
    /// The configuration the connection was made with.
    public let configuration: Configuration
    /// Cancels the running command from another thread; stays valid across ``reset()``.
    public let cancelHandle: PostgresCancelHandle
    /// Statements prepared in this session, name → SQL. Cleared by ``reset()``.
    var prepared: [String: String] = [:]

    private init(handle: OpaquePointer, configuration: Configuration) {
        self.handle = handle
        self.configuration = configuration
        self.cancelHandle = PostgresCancelHandle(pointer: PQgetCancel(handle))
    }

    deinit {
        self.close()
    }

    /// Opens a connection. Blocking, for at most the configuration's connect timeout per host.
    ///
    /// The corresponding C function is `PQconnectdbParams`.
    /// - Throws: ``PostgresError`` with code `.connectionFailed` and libpq's message (which never contains
    ///   the password).
    public static func connect(_ configuration: Configuration) throws -> PostgresConnection {
        let handle = configuration.withConnectParameters { keywords, values in
            PQconnectdbParams(keywords, values, 0)
        }
        guard let handle else {
            throw PostgresError(code: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle))
            PQfinish(handle)
            throw PostgresError(code: .connectionFailed, message: message.isEmpty ? "could not connect" : message)
        }
        Self.silenceNotices(handle)
        return PostgresConnection(handle: handle, configuration: configuration)
    }

    /// Discards server notices (e.g. "relation already exists, skipping") instead of printing them to stderr.
    private static func silenceNotices(_ handle: OpaquePointer) {
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    /// True while libpq considers the connection usable (`PQstatus` is `CONNECTION_OK`). libpq notices a
    /// broken connection only when it next reads from it.
    public var isConnected: Bool {
        guard let handle = self.handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// The session's transaction state (`PQtransactionStatus`).
    public var transactionStatus: TransactionStatus {
        guard let handle = self.handle else { return .unknown }
        return TransactionStatus(PQtransactionStatus(handle))
    }

    /// The server's process ID for this session (`PQbackendPID`), as in `pg_stat_activity.pid`.
    public var backendProcessID: Int32 {
        guard let handle = self.handle else { return 0 }
        return PQbackendPID(handle)
    }

    /// The server version as an integer, e.g. 150018 for 15.18 (`PQserverVersion`).
    public var serverVersion: Int {
        guard let handle = self.handle else { return 0 }
        return Int(PQserverVersion(handle))
    }

    /// The names of the statements prepared in this session.
    public var preparedStatementNames: Set<String> { Set(self.prepared.keys) }

    /// Closes the connection and reopens it with the same parameters. Blocking. Prepared statements are gone
    /// afterwards (they are prepared again on next use).
    ///
    /// The corresponding C function is `PQreset`.
    /// - Throws: ``PostgresError`` with code `.connectionFailed` when the new connection fails (the connection
    ///   stays broken; `reset()` may be tried again), `.closed` after ``close()``.
    public func reset() throws {
        guard let handle = self.handle else { throw PostgresError.closed() }
        self.prepared.removeAll()
        self.cancelHandle.replace(with: nil)
        PQreset(handle)
        guard PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(code: .connectionFailed, message: String(cString: PQerrorMessage(handle)))
        }
        self.cancelHandle.replace(with: PQgetCancel(handle))
    }

    /// Closes the connection (`PQfinish`). Idempotent; also done on deinit. Briefly blocking (sends Terminate).
    public func close() {
        guard let handle = self.handle else { return }
        self.handle = nil
        self.prepared.removeAll()
        self.cancelHandle.replace(with: nil)
        PQfinish(handle)
    }

    /// The connection's error message, on one line.
    var lastErrorMessage: String {
        guard let handle = self.handle else { return "the connection is closed" }
        return PostgresError.singleLine(String(cString: PQerrorMessage(handle)))
    }
}

@available(*, unavailable)
extension PostgresConnection: Sendable {}

extension PostgresConnection {
    /// The session's transaction state.
    public enum TransactionStatus: Sendable, Hashable {
        /// Not in a transaction.
        case idle
        /// A command is in progress.
        case active
        /// In a transaction block, which is valid.
        case inTransaction
        /// In a failed transaction block; only ROLLBACK works.
        case inError
        /// The connection is bad or closed.
        case unknown

        init(_ status: PGTransactionStatusType) {
            switch status {
            case PQTRANS_IDLE: self = .idle
            case PQTRANS_ACTIVE: self = .active
            case PQTRANS_INTRANS: self = .inTransaction
            case PQTRANS_INERROR: self = .inError
            default: self = .unknown
            }
        }
    }
}
