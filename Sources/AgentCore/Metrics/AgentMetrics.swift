import Synchronization

/// The agent's counters and gauges, shared by its services and read by the `/metrics` listener and the
/// heartbeat. Cheap to update from any thread.
public final class AgentMetrics: Sendable {
    /// A copy of every value at one moment.
    public struct Snapshot: Sendable, Hashable {
        /// Checks finished, by outcome code (confirmation attempts included).
        public var checksByOutcome: [String: Int] = [:]
        /// Confirmation attempts made.
        public var confirmations = 0
        /// Jobs received from the coordinator.
        public var jobsReceived = 0
        /// Jobs not run, by reason (`deadline`, `invalid`, `cancelled`).
        public var jobsSkipped: [String: Int] = [:]
        /// Checks running now.
        public var inFlight = 0
        /// The most checks at once.
        public var maxConcurrency = 0
        /// The spool's counters.
        public var spool = SpoolStats()
        /// Results the coordinator acknowledged.
        public var resultsAcknowledged = 0
        /// Failed coordinator calls, by endpoint and error code.
        public var coordinatorErrors: [CoordinatorErrorKey: Int] = [:]
        /// Connections the SSRF guard refused.
        public var targetsRefused = 0
    }

    /// An endpoint and an error code.
    public struct CoordinatorErrorKey: Sendable, Hashable {
        public var endpoint: String
        public var code: String
    }

    private let state = Mutex(Snapshot())
    private let refusedCount: @Sendable () -> Int

    /// - Parameter refusedCount: reads the SSRF guard's refusal counter when a snapshot is taken.
    public init(maxConcurrency: Int = 0, refusedCount: @escaping @Sendable () -> Int = { 0 }) {
        self.refusedCount = refusedCount
        self.state.withLock { $0.maxConcurrency = maxConcurrency }
    }

    /// Every value now.
    public var snapshot: Snapshot {
        var snapshot = self.state.withLock { $0 }
        snapshot.targetsRefused = self.refusedCount()
        return snapshot
    }

    func recordCheck(outcome: String, confirmation: Bool = false) {
        self.state.withLock { state in
            state.checksByOutcome[outcome, default: 0] += 1
            if confirmation { state.confirmations += 1 }
        }
    }

    func recordJobsReceived(_ count: Int) {
        self.state.withLock { $0.jobsReceived += count }
    }

    func recordSkipped(reason: String) {
        self.state.withLock { $0.jobsSkipped[reason, default: 0] += 1 }
    }

    func setInFlight(_ count: Int) {
        self.state.withLock { $0.inFlight = count }
    }

    func setSpool(_ stats: SpoolStats) {
        self.state.withLock { $0.spool = stats }
    }

    func recordAcknowledged(_ count: Int) {
        self.state.withLock { $0.resultsAcknowledged += count }
    }

    func recordCoordinatorError(endpoint: String, code: String) {
        self.state.withLock { $0.coordinatorErrors[CoordinatorErrorKey(endpoint: endpoint, code: code), default: 0] += 1 }
    }
}
