import Synchronization

/// Enforces a ``PolitenessPolicy`` across every check of one process: a FIFO turn per host, spacing between
/// turns, and back-off after a host says "too many requests".
public final class PolitenessGate: Sendable {
    private struct HostState {
        var busy = false
        var lastStart: ContinuousClock.Instant?
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var backoffUntil: ContinuousClock.Instant?
        var backoffSteps = 0
    }

    private let hosts = Mutex<[String: HostState]>([:])
    private let nextWaiter = Atomic<UInt64>(1)
    /// The rules enforced.
    public let policy: PolitenessPolicy

    public init(policy: PolitenessPolicy) {
        self.policy = policy
    }

    /// How long the host is still in back-off, or nil when it is not.
    public func backoffRemaining(host: String) -> Duration? {
        let now = ContinuousClock.now
        return self.hosts.withLock { hosts in
            guard let until = hosts[host]?.backoffUntil, until > now else { return nil }
            return until - now
        }
    }

    /// Waits for this host's turn and for the spacing since its previous turn, then runs `body`.
    /// Throws `CancellationError` when the task is cancelled while waiting.
    public func withTurn<T: Sendable>(host: String, _ body: () async throws -> T) async throws -> T {
        try await self.acquire(host: host)
        defer { self.release(host: host) }
        return try await body()
    }

    /// Records that the host asked us to slow down (429, or a 403 "blocked" answer).
    public func recordRateLimit(host: String, retryAfterSeconds: Int?) {
        let now = ContinuousClock.now
        self.hosts.withLock { hosts in
            var state = hosts[host] ?? HostState()
            state.backoffSteps += 1
            // base, 2×base, 4×base … up to the maximum; a longer Retry-After (up to a day) wins.
            var delay = self.policy.backoffBase
            for _ in 1..<min(state.backoffSteps, 16) { delay = min(delay * 2, self.policy.backoffMax) }
            if let retryAfterSeconds, retryAfterSeconds > 0 {
                delay = max(delay, .seconds(min(retryAfterSeconds, 86_400)))
            }
            state.backoffUntil = now + delay
            hosts[host] = state
        }
    }

    /// Records an answer that was not a rate limit: the back-off steps start over.
    public func recordAnswer(host: String) {
        self.hosts.withLock { hosts in
            guard var state = hosts[host] else { return }
            state.backoffSteps = 0
            state.backoffUntil = nil
            hosts[host] = state
        }
    }

    private func acquire(host: String) async throws {
        if self.policy.oneRequestPerHost {
            let id = self.nextWaiter.add(1, ordering: .relaxed).newValue
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let granted = self.hosts.withLock { hosts -> Bool in
                        var state = hosts[host] ?? HostState()
                        defer { hosts[host] = state }
                        if !state.busy {
                            state.busy = true
                            return true
                        }
                        state.waiters.append((id, continuation))
                        return false
                    }
                    if granted { continuation.resume() }
                }
            } onCancel: {
                let waiter = self.hosts.withLock { hosts -> CheckedContinuation<Void, any Error>? in
                    guard let index = hosts[host]?.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return hosts[host]?.waiters.remove(at: index).continuation
                }
                waiter?.resume(throwing: CancellationError())
            }
        }
        // Spacing: wait until the previous turn's start plus the interval, then claim this start time.
        while true {
            let now = ContinuousClock.now
            let wait: Duration? = self.hosts.withLock { hosts in
                var state = hosts[host] ?? HostState()
                if let last = state.lastStart, last + self.policy.minimumInterval > now {
                    return last + self.policy.minimumInterval - now
                }
                state.lastStart = now
                hosts[host] = state
                return nil
            }
            guard let wait else { return }
            do {
                try await Task.sleep(for: wait)
            } catch {
                self.release(host: host)
                throw error
            }
        }
    }

    private func release(host: String) {
        guard self.policy.oneRequestPerHost else { return }
        let next = self.hosts.withLock { hosts -> CheckedContinuation<Void, any Error>? in
            guard var state = hosts[host] else { return nil }
            defer { hosts[host] = state }
            if state.waiters.isEmpty {
                state.busy = false
                return nil
            }
            return state.waiters.removeFirst().continuation  // the turn passes straight to the next waiter
        }
        next?.resume()
    }
}
