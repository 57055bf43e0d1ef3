import Synchronization

/// Counts down as owned threads end, and resumes everyone waiting once all of them have.
final class ExitLatch: Sendable {
    private struct State {
        var remaining: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    /// A latch that opens after `count` calls to ``arrive()``.
    init(count: Int) {
        self.state = Mutex(State(remaining: count))
    }

    /// True once every thread has arrived.
    var isOpen: Bool { self.state.withLock { $0.remaining <= 0 } }

    /// Records that one thread ended; opens the latch after the last.
    func arrive() {
        let waiters: [CheckedContinuation<Void, Never>] = self.state.withLock { state in
            state.remaining -= 1
            guard state.remaining <= 0 else { return [] }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the latch is open.
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let open = self.state.withLock { state in
                if state.remaining <= 0 { return true }
                state.waiters.append(continuation)
                return false
            }
            if open { continuation.resume() }
        }
    }
}
