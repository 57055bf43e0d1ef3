/// The pool's bookkeeping as a pure value: events go in, ``Action``s come out, and the pool performs them
/// outside its lock. No I/O, no clocks (callers pass `now`), so it is unit-tested without a server.
///
/// Capacity rule: idle + leased + connecting + closing connections never exceed `maximumConnections`, so
/// the server never sees more sessions than that from one pool (a slot is freed only after `PQfinish`).
struct PoolStateMachine<Connection: AnyObject, Request> {
    typealias Instant = ContinuousClock.Instant

    struct Limits: Sendable {
        var minimumConnections: Int
        var maximumConnections: Int
        var maximumPendingRequests: Int
        var acquireTimeout: Duration
        var idleTimeout: Duration
    }

    /// Why a request ends without running.
    enum Failure {
        case cancelled
        case error(PostgresError)
    }

    enum Action {
        /// Run `Request` on `Connection` (a worker thread); `id` is the lease.
        case run(Request, Connection, id: UInt64)
        /// Open one connection, then report ``connectSucceeded(_:now:)`` or ``connectFailed(_:now:)``.
        case connect
        /// `PQfinish` the connection, then report ``closed()``.
        case close(Connection)
        /// Resume the request's caller with a failure.
        case fail(Request, Failure)
        /// Cancel lease `id` on `Connection` (`PQcancel`, on the cancel thread).
        case cancelQuery(Connection, id: UInt64)
        /// The earliest deadline may have moved: wake the housekeeping thread.
        case wakeHousekeeper
        /// Everything is closed: stop the threads.
        case finishShutdown
    }

    enum Lifecycle {
        case running, draining, finished
    }

    private struct Waiter {
        var id: UInt64
        var request: Request
        var deadline: Instant
    }

    private struct IdleConnection {
        var connection: Connection
        var since: Instant
    }

    let limits: Limits
    private(set) var lifecycle = Lifecycle.running
    /// Idle connections, oldest first; leases take the most recently used.
    private var idle: [IdleConnection] = []
    private var leased: [UInt64: Connection] = [:]
    private var cancelledLeases: Set<UInt64> = []
    private var waiters: [Waiter] = []
    private(set) var connecting = 0
    private(set) var closing = 0
    private var backgroundFailures = 0
    private var nextBackgroundConnect: Instant?

    init(limits: Limits) {
        self.limits = limits
    }

    var openCount: Int { self.idle.count + self.leased.count + self.connecting + self.closing }
    /// Connections that are not on their way out.
    private var liveCount: Int { self.openCount - self.closing }
    var idleCount: Int { self.idle.count }
    var leasedCount: Int { self.leased.count }
    var waitingCount: Int { self.waiters.count }

    // MARK: Events

    /// A caller wants a connection for `request`.
    mutating func acquire(id: UInt64, request: Request, now: Instant) -> [Action] {
        guard self.lifecycle == .running else { return [.fail(request, .error(.poolClosed))] }
        if let idle = self.idle.popLast() {
            self.leased[id] = idle.connection
            return [.run(request, idle.connection, id: id)]
        }
        guard self.waiters.count < self.limits.maximumPendingRequests else {
            return [.fail(request, .error(.tooManyPending))]
        }
        self.waiters.append(Waiter(id: id, request: request, deadline: now + self.limits.acquireTimeout))
        var actions = self.connectForWaiters()
        if self.waiters.count == 1 { actions.append(.wakeHousekeeper) }
        return actions
    }

    /// The caller of request `id` was cancelled.
    mutating func cancel(id: UInt64) -> [Action] {
        if let index = self.waiters.firstIndex(where: { $0.id == id }) {
            let waiter = self.waiters.remove(at: index)
            return [.fail(waiter.request, .cancelled)]
        }
        if let connection = self.leased[id], !self.cancelledLeases.contains(id) {
            self.cancelledLeases.insert(id)
            return [.cancelQuery(connection, id: id)]
        }
        return []
    }

    /// True when lease `id` was cancelled (checked by the worker before it runs the caller's closure).
    func isLeaseCancelled(id: UInt64) -> Bool {
        self.cancelledLeases.contains(id)
    }

    /// A connection attempt succeeded.
    mutating func connectSucceeded(_ connection: Connection, now: Instant) -> [Action] {
        self.connecting -= 1
        self.backgroundFailures = 0
        self.nextBackgroundConnect = nil
        guard self.lifecycle == .running else {
            self.closing += 1
            return [.close(connection)]
        }
        return self.handOver(connection, now: now)
    }

    /// A connection attempt failed: the oldest waiter gets the error (the server is likely down), and the
    /// next waiters get attempts of their own. Background attempts (for the minimum) back off.
    mutating func connectFailed(_ error: PostgresError, now: Instant) -> [Action] {
        self.connecting -= 1
        guard self.lifecycle == .running else { return self.finishIfDrained() }
        guard !self.waiters.isEmpty else {
            self.backgroundFailures += 1
            let exponent = min(self.backgroundFailures - 1, 7)
            self.nextBackgroundConnect = now + min(.milliseconds(100) * (1 << exponent), .seconds(10))
            return []
        }
        let waiter = self.waiters.removeFirst()
        return [.fail(waiter.request, .error(error))] + self.connectForWaiters()
    }

    /// Lease `id` ended. `connection` is nil when the worker found it broken and already closed it.
    mutating func release(id: UInt64, connection: Connection?, now: Instant) -> [Action] {
        self.leased[id] = nil
        self.cancelledLeases.remove(id)
        guard let connection else {
            return self.slotFreed()
        }
        guard self.lifecycle == .running else {
            self.closing += 1
            return [.close(connection)]
        }
        return self.handOver(connection, now: now)
    }

    /// The connection leased to `id` turned out broken before `request` ran; the worker closed it. The request
    /// goes back to the front of the queue (or fails, when it was cancelled meanwhile).
    mutating func leaseRejected(id: UInt64, request: Request, now: Instant) -> [Action] {
        self.leased[id] = nil
        if self.cancelledLeases.remove(id) != nil {
            return [.fail(request, .cancelled)] + self.connectForWaiters()
        }
        guard self.lifecycle == .running else { return [.fail(request, .error(.poolClosed))] + self.finishIfDrained() }
        if let idle = self.idle.popLast() {
            self.leased[id] = idle.connection
            return [.run(request, idle.connection, id: id)]
        }
        self.waiters.insert(Waiter(id: id, request: request, deadline: now + self.limits.acquireTimeout), at: 0)
        return self.connectForWaiters() + [.wakeHousekeeper]
    }

    /// A `.close` finished.
    mutating func closed() -> [Action] {
        self.closing -= 1
        return self.slotFreed()
    }

    /// Time passed: expire waiters, close connections idle too long, keep the minimum open.
    /// - Returns: the actions and when to tick next (nil: only when woken).
    mutating func tick(now: Instant) -> (actions: [Action], nextTick: Instant?) {
        var actions: [Action] = []
        var kept: [Waiter] = []
        for waiter in self.waiters {
            if waiter.deadline <= now {
                actions.append(.fail(waiter.request, .error(.poolTimeout)))
            } else {
                kept.append(waiter)
            }
        }
        self.waiters = kept
        guard self.lifecycle == .running else { return (actions, nil) }

        while self.liveCount > self.limits.minimumConnections, let oldest = self.idle.first,
            oldest.since + self.limits.idleTimeout <= now
        {
            self.idle.removeFirst()
            self.closing += 1
            actions.append(.close(oldest.connection))
        }
        if self.liveCount < self.limits.minimumConnections && self.nextBackgroundConnect.map({ now >= $0 }) ?? true {
            while self.liveCount < self.limits.minimumConnections && self.openCount < self.limits.maximumConnections {
                self.connecting += 1
                actions.append(.connect)
            }
        }

        var next: Instant? = self.waiters.map(\.deadline).min()
        if self.liveCount > self.limits.minimumConnections, let oldest = self.idle.first {
            next = Self.earliest(next, oldest.since + self.limits.idleTimeout)
        }
        if self.liveCount < self.limits.minimumConnections, let retry = self.nextBackgroundConnect {
            next = Self.earliest(next, retry)
        }
        return (actions, next)
    }

    /// Stop: fail the waiters, close idle connections now and leased ones when they come back.
    mutating func shutdown() -> [Action] {
        guard self.lifecycle == .running else { return [] }
        self.lifecycle = .draining
        var actions: [Action] = self.waiters.map { .fail($0.request, .error(.poolClosed)) }
        self.waiters.removeAll()
        for idle in self.idle {
            self.closing += 1
            actions.append(.close(idle.connection))
        }
        self.idle.removeAll()
        return actions + self.finishIfDrained()
    }

    // MARK: Helpers

    private mutating func handOver(_ connection: Connection, now: Instant) -> [Action] {
        if !self.waiters.isEmpty {
            let waiter = self.waiters.removeFirst()
            self.leased[waiter.id] = connection
            return [.run(waiter.request, connection, id: waiter.id)]
        }
        self.idle.append(IdleConnection(connection: connection, since: now))
        // The first idle connection gives the housekeeper a new deadline (its idle timeout).
        return self.idle.count == 1 ? [.wakeHousekeeper] : []
    }

    /// A connection is gone: use the slot for waiters, or let the housekeeper restore the minimum.
    private mutating func slotFreed() -> [Action] {
        guard self.lifecycle == .running else { return self.finishIfDrained() }
        let belowMinimum = self.liveCount < self.limits.minimumConnections
        return self.connectForWaiters() + (belowMinimum ? [.wakeHousekeeper] : [])
    }

    /// Starts connection attempts while there is room and more waiters than attempts in flight.
    private mutating func connectForWaiters() -> [Action] {
        var actions: [Action] = []
        while self.openCount < self.limits.maximumConnections && self.connecting < self.waiters.count {
            self.connecting += 1
            actions.append(.connect)
        }
        return actions
    }

    private mutating func finishIfDrained() -> [Action] {
        guard self.lifecycle == .draining, self.openCount == 0 else { return [] }
        self.lifecycle = .finished
        return [.finishShutdown]
    }

    private static func earliest(_ a: Instant?, _ b: Instant) -> Instant {
        guard let a else { return b }
        return min(a, b)
    }
}

extension PoolStateMachine.Action: Sendable where Connection: Sendable, Request: Sendable {}
extension PoolStateMachine.Failure: Sendable {}
