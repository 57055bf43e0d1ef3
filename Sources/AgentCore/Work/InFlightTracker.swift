import Synchronization

/// Counts the checks running now against the agent's capacity, and lets the work loop wait for a free slot
/// or for all checks to finish.
final class InFlightTracker: Sendable {
    private struct State {
        var inFlight = 0
        var slotWaiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var idleWaiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextID: UInt64 = 1
    }

    /// The most checks run at once.
    let capacity: Int
    private let state = Mutex(State())
    private let onChange: @Sendable (Int) -> Void

    /// - Parameters:
    ///   - capacity: the most checks at once (at least 1).
    ///   - onChange: called with the new in-flight count after every change (for metrics).
    init(capacity: Int, onChange: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.capacity = max(1, capacity)
        self.onChange = onChange
    }

    /// Checks running now.
    var inFlight: Int { self.state.withLock { $0.inFlight } }

    /// Slots free now.
    var free: Int { self.state.withLock { max(0, self.capacity - $0.inFlight) } }

    /// Takes `count` slots (the caller only takes what ``free`` offered).
    func begin(_ count: Int = 1) {
        let now = self.state.withLock { state -> Int in
            state.inFlight += count
            return state.inFlight
        }
        self.onChange(now)
    }

    /// Gives one slot back, waking a task waiting for a slot and, at zero, those waiting for idleness.
    func end() {
        let (now, wake) = self.state.withLock { state -> (Int, [CheckedContinuation<Void, any Error>]) in
            state.inFlight = max(0, state.inFlight - 1)
            var wake = state.slotWaiters.map(\.continuation)
            state.slotWaiters.removeAll()
            if state.inFlight == 0 {
                wake += state.idleWaiters.map(\.continuation)
                state.idleWaiters.removeAll()
            }
            return (state.inFlight, wake)
        }
        self.onChange(now)
        for continuation in wake { continuation.resume() }
    }

    /// Returns when at least one slot is free.
    func waitForFreeSlot() async throws {
        try await self.wait(.slot)
    }

    /// Returns when no check is running.
    func waitUntilIdle() async throws {
        try await self.wait(.idle)
    }

    /// Waits for idleness for at most `timeout`; true when idle.
    func waitUntilIdle(timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await self.waitUntilIdle()
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first || self.inFlight == 0
        }
    }

    private enum Condition: Sendable {
        case slot, idle
    }

    private func isReady(_ condition: Condition, _ state: State) -> Bool {
        switch condition {
        case .slot: return state.inFlight < self.capacity
        case .idle: return state.inFlight == 0
        }
    }

    private func wait(_ condition: Condition) async throws {
        let id = self.state.withLock { state -> UInt64 in
            defer { state.nextID += 1 }
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resume: Bool = self.state.withLock { state in
                    if self.isReady(condition, state) || Task.isCancelled { return true }
                    switch condition {
                    case .slot: state.slotWaiters.append((id, continuation))
                    case .idle: state.idleWaiters.append((id, continuation))
                    }
                    return false
                }
                if resume {
                    if Task.isCancelled {
                        continuation.resume(throwing: CancellationError())
                    } else {
                        continuation.resume()
                    }
                }
            }
        } onCancel: {
            let waiter = self.state.withLock { state -> CheckedContinuation<Void, any Error>? in
                switch condition {
                case .slot:
                    guard let index = state.slotWaiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.slotWaiters.remove(at: index).continuation
                case .idle:
                    guard let index = state.idleWaiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.idleWaiters.remove(at: index).continuation
                }
            }
            waiter?.resume(throwing: CancellationError())
        }
    }
}
