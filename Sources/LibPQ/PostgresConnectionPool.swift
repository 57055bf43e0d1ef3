import Synchronization

/// A pool of PostgreSQL connections whose blocking libpq calls all run on threads the pool owns.
///
/// The pool starts `maximumConnections` worker threads, one cancel thread and one housekeeping thread; it never
/// blocks Swift's cooperative thread pool. Requests wait in FIFO order for at most `acquireTimeout`; at most
/// `maximumPendingRequests` may wait. Broken connections are discarded and replaced, so the pool recovers by
/// itself after a server restart. Cancelling the calling task cancels a waiting request, or sends `PQcancel`
/// for a running one and throws `CancellationError`.
///
/// ```swift
/// let pool = PostgresConnectionPool(configuration: .init(connection: try .init(url: url)))
/// let rows = try await pool.query("SELECT id FROM agents WHERE name = $1", ["berlin-1"])
/// try await pool.withTransaction { connection in
///     try connection.execute("UPDATE jobs SET state = 'leased' WHERE id = $1", [jobID])
/// }
/// await pool.shutdown()
/// ```
///
/// Call ``shutdown()`` before dropping the pool.
public final class PostgresConnectionPool: Sendable {
    typealias Machine = PoolStateMachine<PooledConnection, any PoolWork>

    /// The configuration the pool was created with (limits clamped to sane values).
    public let configuration: Configuration
    private let state: Mutex<Machine>
    private let workers: WorkerThreads
    private let canceller: WorkerThreads
    private let housekeeper: Housekeeper
    private let exitLatch: ExitLatch
    private let nextRequestID = Atomic<UInt64>(0)

    /// Creates the pool and starts its threads. Connections open on demand (and `minimumConnections` in the
    /// background).
    public init(configuration: Configuration) {
        var configuration = configuration
        configuration.maximumConnections = max(1, configuration.maximumConnections)
        configuration.minimumConnections = min(
            max(0, configuration.minimumConnections), configuration.maximumConnections)
        configuration.maximumPendingRequests = max(0, configuration.maximumPendingRequests)
        self.configuration = configuration
        self.state = Mutex(
            Machine(
                limits: .init(
                    minimumConnections: configuration.minimumConnections,
                    maximumConnections: configuration.maximumConnections,
                    maximumPendingRequests: configuration.maximumPendingRequests,
                    acquireTimeout: configuration.acquireTimeout,
                    idleTimeout: configuration.idleTimeout
                )
            )
        )
        let latch = ExitLatch(count: configuration.maximumConnections + 2)
        self.exitLatch = latch
        self.workers = WorkerThreads(count: configuration.maximumConnections, exitLatch: latch)
        self.canceller = WorkerThreads(count: 1, exitLatch: latch)
        self.housekeeper = Housekeeper()
        self.housekeeper.start(exitLatch: latch) { [weak self] in
            self?.tick() ?? .stop
        }
    }

    deinit {
        // Only reached without shutdown(): let the threads end.
        self.workers.stop()
        self.canceller.stop()
        self.housekeeper.stop()
    }

    /// The pool's current counters.
    public var statistics: Statistics {
        self.state.withLock { machine in
            Statistics(
                open: machine.openCount, idle: machine.idleCount, leased: machine.leasedCount,
                waiting: machine.waitingCount)
        }
    }

    /// Leases a connection and runs `body` with it on one of the pool's threads.
    ///
    /// `body` is synchronous and may block (it runs on a pool thread, not the caller's); the connection must not
    /// escape it. A transaction `body` leaves open is rolled back.
    /// - Throws: `body`'s error; ``PostgresError`` with `.poolTimeout`, `.tooManyPending`, `.connectionFailed`
    ///   (no connection could be opened) or `.closed`; `CancellationError` when the task was cancelled.
    @discardableResult
    public func withConnection<T: Sendable>(_ body: @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try Task.checkCancellation()
        let id = self.nextRequestID.add(1, ordering: .relaxed).newValue
        do {
            return try await withoutActuallyEscaping(body) { escapable in
                try await withTaskCancellationHandler {
                    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                        let request = LeaseRequest(body: escapable, continuation: continuation)
                        self.perform(self.state.withLock { $0.acquire(id: id, request: request, now: .now) })
                        // A cancellation that came before the request was registered found nothing to cancel.
                        if Task.isCancelled {
                            self.perform(self.state.withLock { $0.cancel(id: id) })
                        }
                    }
                } onCancel: {
                    self.perform(self.state.withLock { $0.cancel(id: id) })
                }
            }
        } catch let error as PostgresError where error.isCancellation && Task.isCancelled {
            throw CancellationError()
        }
    }

    /// Stops the pool: waiting requests fail with `.closed`, idle connections close at once, leased ones when
    /// their closures return; then the threads end. Idempotent; later requests fail with `.closed`.
    public func shutdown() async {
        self.perform(self.state.withLock { $0.shutdown() })
        await self.exitLatch.wait()
    }

    // MARK: Actions

    private func perform(_ actions: [Machine.Action]) {
        for action in actions {
            switch action {
            case .run(let request, let pooled, let id):
                self.workers.submit { self.runLease(id: id, request: request, pooled: pooled) }
            case .connect:
                self.workers.submit { self.openConnection() }
            case .close(let pooled):
                self.workers.submit {
                    pooled.connection.close()
                    self.perform(self.state.withLock { $0.closed() })
                }
            case .fail(let request, let failure):
                request.fail(failure)
            case .cancelQuery(let pooled, let id):
                self.canceller.submit { pooled.cancelHandle.cancelLease(id) }
            case .wakeHousekeeper:
                self.housekeeper.wake()
            case .finishShutdown:
                self.workers.stop()
                self.canceller.stop()
                self.housekeeper.stop()
            }
        }
    }

    /// On a worker thread: check the connection, run the caller's closure, clean up, release.
    private func runLease(id: UInt64, request: any PoolWork, pooled: PooledConnection) {
        let connection = pooled.connection
        guard connection.isHealthyIdle() else {
            connection.close()
            self.perform(self.state.withLock { $0.leaseRejected(id: id, request: request, now: .now) })
            return
        }
        pooled.cancelHandle.beginLease(id)
        let cancelled = self.state.withLock { $0.isLeaseCancelled(id: id) }
        if !cancelled {
            request.run(connection)
        }
        // Waits for a cancel request still in flight, so it cannot reach the next lease's query.
        pooled.cancelHandle.endLease()
        connection.rollbackQuietly()
        let reusable = connection.isConnected && connection.transactionStatus == .idle
        if !reusable {
            connection.close()
        }
        let actions = self.state.withLock { $0.release(id: id, connection: reusable ? pooled : nil, now: .now) }
        if cancelled {
            request.fail(.cancelled)
        } else {
            request.complete()
        }
        self.perform(actions)
    }

    /// On a worker thread: open one connection.
    private func openConnection() {
        let actions: [Machine.Action]
        do {
            let pooled = PooledConnection(try PostgresConnection.connect(self.configuration.connection))
            actions = self.state.withLock { $0.connectSucceeded(pooled, now: .now) }
        } catch {
            let failure =
                error as? PostgresError ?? PostgresError(code: .connectionFailed, message: "could not connect")
            actions = self.state.withLock { $0.connectFailed(failure, now: .now) }
        }
        self.perform(actions)
    }

    /// On the housekeeping thread.
    private func tick() -> Housekeeper.Next {
        let now = ContinuousClock.now
        let (actions, next) = self.state.withLock { $0.tick(now: now) }
        self.perform(actions)
        guard let next else { return .sleepUntilWoken }
        return .sleep(now.duration(to: next))
    }
}
