import Logging
import Synchronization

/// What the agent knows about its coordinator: reachable or not (logged once per change, not per failure),
/// the coordinator's clock, and a doorbell rung when it becomes reachable again (the result reporter then
/// replays the spool at once instead of finishing its back-off).
final class CoordinatorStatus: Sendable {
    private struct State {
        var failing = false
        var failingSince: ContinuousClock.Instant?
        var failures = 0
        var clockOffset: Int64 = 0
    }

    private let state = Mutex(State())
    private let logger: Logger
    private let metrics: AgentMetrics
    /// Rung when the coordinator answers again after failures.
    let reconnected = Doorbell()

    init(logger: Logger, metrics: AgentMetrics) {
        self.logger = logger
        self.metrics = metrics
    }

    /// True while calls fail.
    var isFailing: Bool { self.state.withLock { $0.failing } }

    /// Records an answered call.
    func succeeded(_ endpoint: String) {
        let recovered = self.state.withLock { state -> (Int, Duration)? in
            guard state.failing else { return nil }
            defer {
                state.failing = false
                state.failures = 0
                state.failingSince = nil
            }
            return (state.failures, state.failingSince.map { ContinuousClock.now - $0 } ?? .zero)
        }
        if let (failures, duration) = recovered {
            self.logger.notice(
                "coordinator reachable again; replaying the spool",
                metadata: ["endpoint": "\(endpoint)", "failed_calls": "\(failures)", "outage_seconds": "\(duration.components.seconds)"]
            )
            self.reconnected.ring()
        }
    }

    /// Records a failed call (counted in the metrics; logged at warning when the coordinator was reachable
    /// before, else at debug).
    func failed(_ endpoint: String, _ error: CoordinatorError) {
        self.metrics.recordCoordinatorError(endpoint: endpoint, code: error.code.description)
        guard !error.isFatal else { return }
        let first = self.state.withLock { state -> Bool in
            state.failures += 1
            if state.failing { return false }
            state.failing = true
            state.failingSince = ContinuousClock.now
            return true
        }
        if first {
            self.logger.warning(
                "coordinator call failed; retrying with back-off while checks keep running and results stay in the spool",
                metadata: ["endpoint": "\(endpoint)", "error": "\(error)"]
            )
        } else {
            self.logger.debug("coordinator call failed again", metadata: ["endpoint": "\(endpoint)", "error": "\(error)"])
        }
    }

    /// Records the coordinator's clock from a heartbeat answer.
    func recordServerTime(_ serverTime: Int64, localTime: Int64 = WallClock.now()) {
        let offset = serverTime - localTime
        let previous = self.state.withLock { state -> Int64 in
            defer { state.clockOffset = offset }
            return state.clockOffset
        }
        if abs(offset) >= 30, abs(offset - previous) >= 30 {
            self.logger.warning(
                "this machine's clock differs from the coordinator's; job deadlines are judged on the coordinator's clock",
                metadata: ["offset_seconds": "\(offset)"]
            )
        }
    }

    /// The coordinator's clock as estimated from the last heartbeat (epoch seconds).
    func coordinatorNow() -> Int64 {
        WallClock.now() + self.state.withLock { $0.clockOffset }
    }
}
