import Synchronization

/// A wake-up signal between two tasks: ``ring()`` wakes the one task waiting in ``wait()``, or is remembered
/// until the next `wait` when nobody waits. Rings are not counted: several rings before a `wait` wake it once.
final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var waiter: (id: UInt64, continuation: CheckedContinuation<Void, any Error>)?
        var nextID: UInt64 = 1
    }

    private let state = Mutex(State())

    /// Wakes the waiting task, or the next one to wait.
    func ring() {
        let waiter = self.state.withLock { state -> CheckedContinuation<Void, any Error>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter.continuation
            }
            state.rung = true
            return nil
        }
        waiter?.resume()
    }

    /// Waits for a ring (returns at once when one came since the last wait). One waiter at a time.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    func wait() async throws {
        let id = self.state.withLock { state -> UInt64 in
            defer { state.nextID += 1 }
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = self.state.withLock { state -> Bool in
                    if state.rung {
                        state.rung = false
                        return true
                    }
                    if Task.isCancelled { return true }
                    precondition(state.waiter == nil, "Doorbell supports one waiter at a time")
                    state.waiter = (id, continuation)
                    return false
                }
                if resumeNow {
                    if Task.isCancelled {
                        continuation.resume(throwing: CancellationError())
                    } else {
                        continuation.resume()
                    }
                }
            }
        } onCancel: {
            let waiter = self.state.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard let waiter = state.waiter, waiter.id == id else { return nil }
                state.waiter = nil
                return waiter.continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Waits for a ring for at most `timeout`. Returns true when rung, false when the time ran out.
    /// - Throws: `CancellationError` when the task is cancelled.
    func wait(timeout: Duration) async throws -> Bool {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await self.wait()
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }
}
