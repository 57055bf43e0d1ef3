import Testing
import XCheckModel
import XCheckVerdict

/// A failure and the blocking type it must get when other networks get through.
struct BlockingCase: Sendable, CustomTestStringConvertible {
    let outcome: Outcome
    let stage: Stage?
    let status: Int?
    let expected: BlockingType

    init(_ outcome: Outcome, at stage: Stage?, status: Int? = nil, _ expected: BlockingType) {
        self.outcome = outcome
        self.stage = stage
        self.status = status
        self.expected = expected
    }

    var testDescription: String {
        "\(self.outcome.rawValue) at \(self.stage?.rawValue ?? "-")\(self.status.map { " (HTTP \($0))" } ?? "") → \(self.expected.rawValue)"
    }
}

@Suite("Blocking types")
struct BlockingTypeTests {
    static let cases: [BlockingCase] = [
        BlockingCase(.dnsNXDOMAIN, at: .dns, .dns),
        BlockingCase(.dnsFailure, at: .dns, .dns),
        BlockingCase(.connectionTimeout, at: .connect, .tcpIP),
        BlockingCase(.connectionRefused, at: .connect, .tcpIP),
        BlockingCase(.connectionReset, at: .connect, .tcpIP),
        BlockingCase(.networkUnreachable, at: .connect, .tcpIP),
        BlockingCase(.httpError, at: .connect, .tcpIP),
        BlockingCase(.tlsFailure, at: .tls, .httpFailure),
        BlockingCase(.connectionReset, at: .tls, .httpFailure),
        BlockingCase(.connectionReset, at: .http, .httpFailure),
        BlockingCase(.responseTimeout, at: .http, .httpFailure),
        BlockingCase(.httpError, at: .http, .httpFailure),
        BlockingCase(.httpError, at: .http, status: 502, .httpDiff),
        BlockingCase(.httpError, at: .http, status: 451, .httpDiff),
        BlockingCase(.notXtream, at: .http, status: 200, .httpDiff),
        BlockingCase(.schemeMismatch, at: .http, status: 400, .httpDiff),
        BlockingCase(.schemeMismatch, at: .tls, .httpDiff),
        BlockingCase(.cdnOriginError, at: .http, status: 522, .httpDiff),
        BlockingCase(.connectionTimeout, at: nil, .tcpIP),
        BlockingCase(.tlsFailure, at: nil, .httpFailure),
    ]

    @Test("the local vantage failing while agents log in", arguments: Self.cases)
    func local(_ test: BlockingCase) {
        let verdict = VerdictEngine.decide(
            [obs(XCheckVerdictTests.local(), test.outcome, stage: .some(test.stage), status: test.status)] + healthyAgents()
        )
        #expect(verdict.verdict == .blockedForYou, "\(verdict.summary)")
        #expect(verdict.reason == test.outcome)
        #expect(verdict.vantage("local")?.blocking == test.expected)
        #expect(verdict.region("local")?.verdict == .blocked)
        #expect(verdict.region("local")?.blocking == test.expected)
        #expect(verdict.vantages.filter { $0.name != "local" }.allSatisfy { $0.blocking == nil })
    }

    @Test("one agent region failing while the others log in", arguments: Self.cases)
    func region(_ test: BlockingCase) {
        let verdict = VerdictEngine.decide([
            obs(agent("eu-1", "eu"), .ok), obs(agent("us-1", "us"), .ok),
            obs(agent("asia-1", "asia"), test.outcome, stage: .some(test.stage), status: test.status),
        ])
        #expect(verdict.verdict == .blockedInSomeRegions, "\(verdict.summary)")
        #expect(verdict.vantage("asia-1")?.blocking == test.expected)
        #expect(verdict.region("asia")?.verdict == .blocked)
        #expect(verdict.region("eu")?.verdict == .up)
    }

    @Test("a poisoned DNS answer is dns blocking whatever fails next", arguments: [
        Outcome.connectionTimeout, .connectionRefused, .connectionReset, .tlsFailure, .notXtream, .httpError,
    ])
    func poisoned(_ outcome: Outcome) {
        let verdict = VerdictEngine.decide(
            [obs(XCheckVerdictTests.local(), outcome, status: outcome == .httpError ? 403 : nil, addresses: ["192.0.2.1", "192.0.2.2"])]
                + healthyAgents()
        )
        #expect(verdict.verdict == .blockedForYou)
        #expect(verdict.vantage("local")?.blocking == .dns)
        #expect(verdict.vantage("local")?.note?.contains("192.0.2.1") == true)
    }

    @Test("one shared address is enough for DNS consistency")
    func sharedAddress() {
        let verdict = VerdictEngine.decide(
            [obs(XCheckVerdictTests.local(), .connectionTimeout, addresses: ["192.0.2.1", Fixture.panelAddress])] + healthyAgents()
        )
        #expect(verdict.vantage("local")?.blocking == .tcpIP)
    }

    @Test("rate limits and CDN challenges are never blocking", arguments: [Outcome.rateLimited, .cdnChallenge, .targetForbidden])
    func policyAnswers(_ outcome: Outcome) {
        let verdict = VerdictEngine.decide([
            obs(agent("eu-1", "eu"), .ok), obs(agent("us-1", "us"), .ok), obs(agent("asia-1", "asia"), outcome),
        ])
        #expect(verdict.verdict == .up)
        #expect(verdict.vantage("asia-1")?.blocking == nil)
        #expect(verdict.vantage("asia-1")?.usable == false)
        #expect(verdict.region("asia")?.verdict == .inconclusive)
        #expect(verdict.confidence == VerdictConfidence(vantages: 2, networks: 2))
    }

    @Test("a failure is compared only with other networks")
    func sameNetworkIsNoControl() {
        let verdict = VerdictEngine.decide([
            obs(agent("eu-1", "eu", network: "isp-a"), .ok), obs(agent("eu-2", "eu", network: "isp-a"), .connectionTimeout),
            obs(agent("us-1", "us", network: "isp-b"), .ok),
        ])
        // us-1 is in another network and reaches the panel, so eu-2 is blocked; the region keeps its majority.
        #expect(verdict.vantage("eu-2")?.blocking == .tcpIP)
        #expect(verdict.region("eu")?.verdict == .inconclusive)
    }

    @Test("a control must have reached the same addresses when nobody reaches the panel")
    func controlsNeedSameAddresses() {
        // asia's resolver points at a block server that answers; eu and us time out on the real address. The
        // block server's answer proves nothing about eu's and us's connections.
        let verdict = VerdictEngine.decide([
            obs(agent("eu-1", "eu"), .connectionTimeout), obs(agent("us-1", "us"), .connectionTimeout),
            obs(agent("asia-1", "asia"), .notXtream, addresses: ["192.0.2.80"]),
        ])
        #expect(verdict.vantage("eu-1")?.blocking == nil)
        #expect(verdict.vantage("us-1")?.blocking == nil)
        #expect(verdict.verdict == .inconclusive)
        #expect(verdict.rule == .contradictory)
    }
}
