import Curl
import Testing
import XCheckTestSupport

/// The resolver answers with the lookup's result, never with a time-out that did not happen.
@Suite("NameResolver")
struct NameResolverTests {
    @Test("numeric addresses are returned without a lookup")
    func numeric() async {
        let resolver = NameResolver()
        for address in ["127.0.0.1", "::1", "192.0.2.7"] {
            let answer = try? await resolver.resolve(address, timeout: .seconds(1)).get()
            #expect(answer?.addresses == [address])
        }
    }

    /// Regression: a lookup that finished before its timer used to cancel the timer first, and the cancelled
    /// timer could answer "timed out" before the real result arrived. A hosts-file lookup is fast enough to hit
    /// that race often; 300 of them must all succeed. (Inside the isolated test namespace only: the name must
    /// not reach a real resolver.)
    @Test("fast lookups never report a time-out", .enabled(if: TestEnvironment.isIsolated, "needs the test namespace's hosts file"))
    func fastLookups() async {
        let resolver = NameResolver()
        let failures = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<300 {
                group.addTask {
                    if case .success = await resolver.resolve("localhost", timeout: .seconds(4)) { return false }
                    return true
                }
            }
            var failed = 0
            for await failure in group where failure { failed += 1 }
            return failed
        }
        #expect(failures == 0)
    }
}
