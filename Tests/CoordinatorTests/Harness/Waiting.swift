import Synchronization

/// A wait that ran out. Every wait in these tests is bounded, with generous limits: the tests assert
/// correctness, never speed.
struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out: \(self.what)" }
}

/// Runs `body`, giving up after `limit` (the body is then cancelled and left to finish on its own). Unlike a
/// task group, this returns at the limit even when the body ignores cancellation.
func bounded<T: Sendable>(
    _ limit: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let once = Once<T>()
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        once.set(continuation)
        let work = Task {
            do {
                once.resume(.success(try await body()))
            } catch {
                once.resume(.failure(error))
            }
        }
        let timer = Task {
            try? await Task.sleep(for: limit)
            if once.resume(.failure(TimedOut(what: what))) { work.cancel() }
        }
        once.onResume { timer.cancel() }
    }
}

/// Resumes a continuation exactly once.
private final class Once<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var done = false
        var cleanup: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        self.state.withLock { $0.continuation = continuation }
    }

    func onResume(_ action: @escaping @Sendable () -> Void) {
        let runNow = self.state.withLock { state -> Bool in
            if state.done { return true }
            state.cleanup.append(action)
            return false
        }
        if runNow { action() }
    }

    @discardableResult
    func resume(_ result: Result<T, any Error>) -> Bool {
        let taken = self.state.withLock { state -> (CheckedContinuation<T, any Error>, [@Sendable () -> Void])? in
            guard !state.done, let continuation = state.continuation else { return nil }
            state.done = true
            state.continuation = nil
            defer { state.cleanup.removeAll() }
            return (continuation, state.cleanup)
        }
        guard let (continuation, cleanup) = taken else { return false }
        continuation.resume(with: result)
        for action in cleanup { action() }
        return true
    }
}

/// Polls `condition` every `interval` until it holds; throws ``TimedOut`` after `limit`.
func eventually(
    _ what: String, within limit: Duration = .seconds(30), interval: Duration = .milliseconds(100),
    _ condition: @Sendable () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while true {
        if try await condition() { return }
        guard ContinuousClock.now < deadline else { throw TimedOut(what: what) }
        try await Task.sleep(for: interval)
    }
}

/// A value shared between tasks.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ value: Value) { self.value = Mutex(value) }

    func get() -> Value { self.value.withLock { $0 } }

    func set(_ newValue: Value) { self.value.withLock { $0 = newValue } }

    @discardableResult
    func update<R: Sendable>(_ body: (inout Value) -> R) -> R { self.value.withLock { body(&$0) } }
}
