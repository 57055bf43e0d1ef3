import Testing
import XCheckModel
import XCheckVerdict

@Suite("False-positive control")
struct ConfirmationTests {
    @Test("a confirmed network failure counts", arguments: [
        Outcome.dnsNXDOMAIN, .dnsFailure, .connectionTimeout, .connectionRefused, .connectionReset, .networkUnreachable,
        .tlsFailure, .responseTimeout, .httpError,
    ])
    func confirmed(_ outcome: Outcome) {
        let verdict = VerdictEngine.decide([obs(local(), outcome, second: .outcome(outcome))] + healthyAgents())
        let report = verdict.vantage("local")
        #expect(verdict.verdict == .blockedForYou)
        #expect(report?.confirmed == true)
        #expect(report?.attempts == 2)
        #expect(report?.usable == true)
        #expect(report?.blocking != nil)
    }

    @Test("an unconfirmed network failure does not count", arguments: [
        Outcome.dnsNXDOMAIN, .connectionTimeout, .connectionReset, .tlsFailure, .responseTimeout,
    ])
    func unconfirmed(_ outcome: Outcome) {
        let verdict = VerdictEngine.decide([obs(local(), outcome, second: .none)] + healthyAgents())
        let report = verdict.vantage("local")
        #expect(verdict.verdict == .inconclusive)
        #expect(verdict.rule == .yourNetworkUnconfirmed)
        #expect(report?.confirmed == nil)
        #expect(report?.attempts == 1)
        #expect(report?.usable == false)
        #expect(report?.blocking == nil)
        #expect(report?.note?.contains("not counted") == true)
        #expect(verdict.confidence == VerdictConfidence(vantages: 3, networks: 3))
    }

    @Test("a confirmation that gets through makes the vantage flaky, not blocked", arguments: [Outcome.ok, .reachable])
    func flaky(_ second: Outcome) {
        let verdict = VerdictEngine.decide([obs(local(), .connectionTimeout, second: .outcome(second))] + healthyAgents())
        let report = verdict.vantage("local")
        #expect(verdict.verdict == .up)
        #expect(report?.outcome == second)
        #expect(report?.stage == nil)
        #expect(report?.confirmed == false)
        #expect(report?.attempts == 2)
        #expect(report?.blocking == nil)
        #expect(report?.note?.contains("connection_timeout") == true)
    }

    @Test("a confirmation that gets a different answer replaces the first attempt")
    func confirmationAnswers() {
        let verdict = VerdictEngine.decide([obs(local(), .connectionReset, second: .outcome(.notXtream))] + healthyAgents())
        #expect(verdict.verdict == .blockedForYou)
        #expect(verdict.vantage("local")?.outcome == .notXtream)
        #expect(verdict.vantage("local")?.blocking == .httpDiff)
        #expect(verdict.vantage("local")?.confirmed == false)
    }

    @Test("two different network failures confirm each other")
    func differentFailures() {
        let verdict = VerdictEngine.decide([obs(local(), .connectionTimeout, second: .outcome(.connectionReset))] + healthyAgents())
        #expect(verdict.verdict == .blockedForYou)
        #expect(verdict.reason == .connectionTimeout)
        #expect(verdict.vantage("local")?.confirmed == true)
        #expect(verdict.vantage("local")?.note?.contains("connection_reset") == true)
    }

    @Test("an HTTP answer needs no confirmation; a second attempt after one is ignored")
    func answersNeedNoConfirmation() {
        let once = VerdictEngine.decide([obs(local(), .notXtream, second: .none)] + healthyAgents())
        #expect(once.verdict == .blockedForYou)
        #expect(once.vantage("local")?.confirmed == nil)
        let twice = VerdictEngine.decide([obs(local(), .notXtream, second: .outcome(.ok))] + healthyAgents())
        #expect(twice.verdict == .blockedForYou)
        #expect(twice.vantage("local")?.attempts == 2)
        #expect(twice.vantage("local")?.outcome == .notXtream)
    }

    @Test("a flaky vantage among healthy ones in its region leaves the region up")
    func flakyInRegion() {
        let verdict = VerdictEngine.decide([
            obs(agent("eu-1", "eu"), .ok), obs(agent("eu-2", "eu"), .ok),
            obs(agent("eu-3", "eu"), .connectionTimeout, second: .outcome(.ok)),
            obs(agent("us-1", "us"), .ok),
        ])
        #expect(verdict.verdict == .up)
        #expect(verdict.region("eu")?.verdict == .up)
        #expect(verdict.region("eu")?.note == nil)
        #expect(verdict.vantage("eu-3")?.confirmed == false)
    }

    @Test("a confirmed failure among healthy ones in its region is reported without flipping it")
    func minorityInRegion() {
        let verdict = VerdictEngine.decide([
            obs(agent("eu-1", "eu"), .ok), obs(agent("eu-2", "eu"), .ok), obs(agent("eu-3", "eu"), .connectionTimeout),
            obs(agent("us-1", "us"), .ok),
        ])
        #expect(verdict.verdict == .up)
        #expect(verdict.region("eu")?.verdict == .up)
        #expect(verdict.region("eu")?.note?.contains("eu-3") == true)
        #expect(verdict.vantage("eu-3")?.blocking == .tcpIP)
        #expect(verdict.summary.contains("eu-3"))
    }
}
