import XCheckProtocol
public import LibPQ
public import Logging
public import ServiceLifecycle
import Synchronization

/// Wakes waiting requests when another coordinator (or this one) stores jobs or results: one LISTEN
/// connection per process, fanned out to in-process waiters by key (`jobs:<agent id>`, `results:<check id>`).
/// After the listen connection was lost and re-established, every waiter is woken to look again, since
/// notifications may have been missed.
public final class NotificationHub: Service, Sendable {
    private let listener: PostgresListener
    private struct State {
        var waiters: [String: [UInt64: CheckedContinuation<Void, Never>]] = [:]
        /// Waits cancelled before their continuation was registered.
        var cancelled: Set<UInt64> = []
        /// When each key was last notified, so that a wake-up arriving between a caller's look at the
        /// database and its wait is not lost (see ``mark()`` and ``wait(for:since:timeout:)``).
        var lastWake: [String: ContinuousClock.Instant] = [:]
        /// When every waiter was last woken (after a reconnection).
        var lastWakeAll: ContinuousClock.Instant?
        /// Set when the hub stopped: waits return at once.
        var stopped = false
        /// Targets with new results since the alert evaluator last took them.
        var notifiedTargets: Set<Int64> = []
    }

    private let state = Mutex(State())
    private let nextID = Atomic<UInt64>(1)
    private let logger: Logger

    public init(connection: PostgresConnection.Configuration, logger: Logger) {
        self.listener = PostgresListener(
            configuration: PostgresListener.Configuration(connection: connection),
            channels: [Channels.jobs, Channels.results, Channels.targetResults, Channels.alertDeliveries])
        self.logger = logger
    }

    public func run() async throws {
        try await self.listener.start()
        await withGracefulShutdownHandler {
            for await event in self.listener.events.cancelOnGracefulShutdown() {
                switch event {
                case .notification(let notification):
                    switch notification.channel {
                    case Channels.jobs: self.wake("jobs:" + notification.payload)
                    case Channels.targetResults:
                        if let target = Int64(notification.payload) {
                            self.state.withLock { state in
                                if state.notifiedTargets.count < 100_000 { state.notifiedTargets.insert(target) }
                            }
                        }
                        self.wake(Self.targetResultsKey)
                    case Channels.alertDeliveries: self.wake(Self.alertDeliveriesKey)
                    default: self.wake("results:" + notification.payload)
                    }
                case .reconnected:
                    self.logger.info("notification connection re-established; waking every waiter")
                    self.wakeAll()
                }
            }
        } onGracefulShutdown: {
            self.wakeAll(stopping: true)
        }
        await self.listener.shutdown()
        self.wakeAll(stopping: true)
    }

    /// The key woken when results of monitored targets were stored (see ``takeNotifiedTargets()``).
    static let targetResultsKey = "target-results"
    /// The key woken when alert deliveries were queued.
    static let alertDeliveriesKey = "alert-deliveries"

    /// The targets with new results announced since the last call.
    func takeNotifiedTargets() -> Set<Int64> {
        self.state.withLock { state in
            defer { state.notifiedTargets.removeAll() }
            return state.notifiedTargets
        }
    }

    /// True once the hub stopped (graceful shutdown): long waits should end.
    var isStopped: Bool { self.state.withLock { $0.stopped } }

    /// The moment to pass to ``wait(for:since:timeout:)``: take it BEFORE looking at the database, so that a
    /// notification sent after the look (and before the wait) still ends the wait at once.
    func mark() -> ContinuousClock.Instant { .now }

    /// Waits until `key` is notified or `timeout` passes (whichever first), returning at once when the key was
    /// notified after `since`, or when the hub stopped. Never throws; cancellation ends the wait.
    func wait(for key: String, since: ContinuousClock.Instant, timeout: Duration) async {
        let id = self.nextID.add(1, ordering: .relaxed).newValue
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                        let cancelledEarly = self.state.withLock { state -> Bool in
                            if state.cancelled.remove(id) != nil || state.stopped { return true }
                            if let woken = state.lastWake[key], woken >= since { return true }
                            if let all = state.lastWakeAll, all >= since { return true }
                            state.waiters[key, default: [:]][id] = continuation
                            return false
                        }
                        if cancelledEarly { continuation.resume() }
                    }
                } onCancel: {
                    let continuation = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
                        if let continuation = state.waiters[key]?.removeValue(forKey: id) { return continuation }
                        state.cancelled.insert(id)
                        return nil
                    }
                    continuation?.resume()
                }
                // A cancellation that raced with a wake-up may have left a marker: clear it.
                _ = self.state.withLock { $0.cancelled.remove(id) }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    func wake(_ key: String) {
        let now = ContinuousClock.now
        let continuations = self.state.withLock { state -> [UInt64: CheckedContinuation<Void, Never>] in
            state.lastWake[key] = now
            if state.lastWake.count > 10_000 {
                // Marks older than any wait are useless (waits last at most a minute).
                state.lastWake = state.lastWake.filter { now - $0.value < .seconds(120) }
            }
            return state.waiters.removeValue(forKey: key) ?? [:]
        }
        for continuation in continuations.values { continuation.resume() }
    }

    func wakeAll(stopping: Bool = false) {
        let now = ContinuousClock.now
        let all = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.lastWakeAll = now
            if stopping { state.stopped = true }
            defer { state.waiters.removeAll() }
            return state.waiters.values.flatMap { $0.values }
        }
        for continuation in all { continuation.resume() }
    }
}
