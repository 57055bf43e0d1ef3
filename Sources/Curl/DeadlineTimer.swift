#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// Fires time-outs from a thread of its own, so that a busy cooperative pool cannot delay a lookup's limit
/// (a `Task.sleep` timer needs a free pool thread to run at all). The thread runs only while time-outs are
/// pending, waking every few milliseconds; it ends when none is left.
final class DeadlineTimer: Sendable {
    private struct Entry {
        let deadline: ContinuousClock.Instant
        let fire: @Sendable () -> Void
    }

    private struct State {
        var entries: [UInt64: Entry] = [:]
        var nextID: UInt64 = 0
        var running = false
    }

    private let state = Mutex(State())
    private let tick: Duration

    init(tick: Duration = .milliseconds(5)) {
        self.tick = tick
    }

    /// Calls `fire` once, on the timer's thread, after `delay`, unless cancelled first. Returns the id for
    /// `cancel`.
    func schedule(after delay: Duration, _ fire: @escaping @Sendable () -> Void) -> UInt64 {
        let (id, start) = self.state.withLock { state -> (UInt64, Bool) in
            state.nextID += 1
            state.entries[state.nextID] = Entry(deadline: .now + delay, fire: fire)
            defer { state.running = true }
            return (state.nextID, !state.running)
        }
        if start, DriverThread.start({ [self] in self.run() }) == nil {
            // No thread: fire everything now rather than never.
            let all = self.state.withLock { state -> [Entry] in
                state.running = false
                defer { state.entries.removeAll() }
                return Array(state.entries.values)
            }
            for entry in all { entry.fire() }
        }
        return id
    }

    /// Forgets a time-out that has not fired.
    func cancel(_ id: UInt64) {
        _ = self.state.withLock { $0.entries.removeValue(forKey: id) }
    }

    private func run() {
        let micros = useconds_t(max(1, self.tick.components.attoseconds / 1_000_000_000_000 + self.tick.components.seconds * 1_000_000))
        while true {
            let now = ContinuousClock.now
            let due: [Entry]? = self.state.withLock { state in
                if state.entries.isEmpty {
                    state.running = false
                    return nil
                }
                let ids = state.entries.filter { $0.value.deadline <= now }.map(\.key)
                return ids.compactMap { state.entries.removeValue(forKey: $0) }
            }
            guard let due else { return }
            for entry in due { entry.fire() }
            usleep(micros)
        }
    }
}
