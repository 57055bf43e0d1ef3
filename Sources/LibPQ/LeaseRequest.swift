/// One caller's work for the pool, type-erased so the state machine can queue it.
protocol PoolWork: AnyObject, Sendable {
    /// Runs the caller's closure on the current (owned) thread. Called at most once, never after ``fail(_:)``.
    func run(_ connection: PostgresConnection)
    /// Resumes the caller with the outcome of ``run(_:)``.
    func complete()
    /// Resumes the caller with a failure; the closure never runs.
    func fail(_ failure: PoolStateMachine<PooledConnection, any PoolWork>.Failure)
}

/// A caller's closure and continuation.
///
/// `@unchecked Sendable`: `body` and `outcome` are touched by one thread at a time. The request moves between
/// threads only through the pool's mutex (queued, then handed to exactly one worker or failed exactly once),
/// which orders those accesses.
final class LeaseRequest<T: Sendable>: PoolWork, @unchecked Sendable {
    private var body: (@Sendable (PostgresConnection) throws -> T)?
    private var outcome: Result<T, any Error>?
    private let continuation: CheckedContinuation<T, any Error>

    init(body: @escaping @Sendable (PostgresConnection) throws -> T, continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.continuation = continuation
    }

    func run(_ connection: PostgresConnection) {
        guard let body = self.body else { return }
        self.outcome = Result { try body(connection) }
        // Drop the closure before the caller resumes: it may be a non-escaping closure passed through
        // `withoutActuallyEscaping`, which checks that nothing kept it.
        self.body = nil
    }

    func complete() {
        self.body = nil
        self.continuation.resume(with: self.outcome ?? .failure(PostgresError.closed("the request did not run")))
    }

    func fail(_ failure: PoolStateMachine<PooledConnection, any PoolWork>.Failure) {
        self.body = nil
        switch failure {
        case .cancelled: self.continuation.resume(throwing: CancellationError())
        case .error(let error): self.continuation.resume(throwing: error)
        }
    }
}

/// A connection owned by the pool.
///
/// `@unchecked Sendable`: `connection` is used by one worker thread at a time; it passes between threads only
/// through the pool's mutex (idle list → lease → release). `cancelHandle` is itself thread-safe.
final class PooledConnection: @unchecked Sendable {
    let connection: PostgresConnection
    let cancelHandle: PostgresCancelHandle

    init(_ connection: PostgresConnection) {
        self.connection = connection
        self.cancelHandle = connection.cancelHandle
    }
}
