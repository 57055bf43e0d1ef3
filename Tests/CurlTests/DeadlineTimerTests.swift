@testable import Curl
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Testing
import XCheckTestSupport

/// The resolver's time-outs: each fires once, from the timer's own thread, unless cancelled first; the thread
/// ends when nothing is pending and starts again for the next one.
@Suite("DeadlineTimer")
struct DeadlineTimerTests {
    final class Counter: Sendable {
        private let value = Mutex<[Int: Int]>([:])
        func hit(_ key: Int) { self.value.withLock { $0[key, default: 0] += 1 } }
        var snapshot: [Int: Int] { self.value.withLock { $0 } }
    }

    /// Waits (off the cooperative pool) until `condition` holds, for at most `seconds`.
    static func eventually(_ seconds: Double = 30, _ condition: @escaping @Sendable () -> Bool) async throws -> Bool {
        try await OffPool.run {
            for _ in 0..<Int(seconds * 100) {
                if condition() { return true }
                usleep(10_000)
            }
            return condition()
        }
    }

    @Test("scheduled time-outs fire once each; cancelled ones never")
    func firesOnceUnlessCancelled() async throws {
        let timer = DeadlineTimer()
        let counter = Counter()
        for key in 0..<20 {
            let id = timer.schedule(after: .milliseconds(key.isMultiple(of: 2) ? 20 : 400)) { counter.hit(key) }
            if !key.isMultiple(of: 2) { timer.cancel(id) }  // the odd ones, at once
        }
        let evens = Set(stride(from: 0, to: 20, by: 2))
        #expect(try await Self.eventually { Set(counter.snapshot.keys) == evens })
        // Long after the cancelled ones would have fired: still only the even keys, each once.
        let fired = try await OffPool.run { () -> [Int: Int] in
            usleep(800_000)
            return counter.snapshot
        }
        #expect(Set(fired.keys) == evens)
        #expect(fired.values.allSatisfy { $0 == 1 })
    }

    @Test("after the thread has ended, the next time-out starts it again")
    func restartsAfterIdle() async throws {
        let timer = DeadlineTimer()
        let counter = Counter()
        _ = timer.schedule(after: .milliseconds(5)) { counter.hit(1) }
        #expect(try await Self.eventually { counter.snapshot[1] == 1 })
        try await OffPool.run { usleep(100_000) }  // nothing pending: the thread ends
        _ = timer.schedule(after: .milliseconds(5)) { counter.hit(2) }
        #expect(try await Self.eventually { counter.snapshot[2] == 1 })
    }
}
