import Testing
import XCheckModel
import XCheckVerdict

@Suite("Alternatives")
struct AlternativesTests {
    static let https = "https://panel.example"
    static let httpsPort = "https://panel.example:8443"

    @Test("the user's network is blocked on http 8080 and https 443 works from it")
    func workingLocalAlternative() {
        let local = obs(
            local(), .connectionTimeout,
            alternatives: [Alternative(url: Self.https, outcome: .reachable, kind: .port)]
        )
        let verdict = VerdictEngine.decide([local] + healthyAgents())
        #expect(verdict.verdict == .blockedForYou)
        #expect(verdict.alternatives == [
            VerdictAlternative(url: Self.https, outcome: .reachable, kind: .port, triedLocally: true, vantages: ["local"]),
        ])
        #expect(verdict.advice.contains(
            "http on 8080 is blocked from your network; https on 443 works (reachable): use https://panel.example in your player."
        ))
    }

    /// An expired account is the panel's answer: https that merely answers (no login tried there) is no way
    /// around it, so neither the verdict nor the local advice sends the user there; a failure of the network
    /// still gets the alternative.
    @Test("an account problem gets no 'use the other URL' advice for an alternative that only answers")
    func accountProblemIgnoresReachableAlternatives() {
        let alternative = [Alternative(url: Self.https, outcome: .reachable, kind: .port)]
        let expired = VerdictEngine.decide(
            [obs(local(), .accountExpired, alternatives: alternative)] + healthyAgents(.accountExpired).map {
                var observation = $0
                observation.result.alternatives = alternative
                return observation
            })
        #expect(expired.verdict == .accountProblem)
        #expect(!expired.advice.contains { $0.contains(Self.https) }, "\(expired.advice)")

        let refused = VerdictEngine.decide([obs(local(), .connectionRefused, alternatives: alternative)] + healthyAgents())
        #expect(refused.advice.contains { $0.contains(Self.https) }, "\(refused.advice)")
    }

    @Test("agents' alternatives are merged by URL with the best outcome; the local outcome wins")
    func merging() {
        let agents = [
            obs(agent("eu-1", "eu"), .ok, alternatives: [Alternative(url: Self.httpsPort, outcome: .connectionTimeout, kind: .port)]),
            obs(agent("us-1", "us"), .ok, alternatives: [
                Alternative(url: Self.httpsPort, outcome: .reachable, kind: .port),
                Alternative(url: Fixture.target.url, outcome: .ok, kind: .login),
            ]),
            // A blocked agent's alternatives are not merged: only the local vantage and those that reach the panel.
            obs(agent("asia-1", "asia"), .connectionTimeout, alternatives: [Alternative(url: "http://other.example", outcome: .reachable, kind: .port)]),
        ]
        let withoutLocal = VerdictEngine.decide(agents)
        #expect(withoutLocal.alternatives == [
            VerdictAlternative(url: Self.httpsPort, outcome: .reachable, kind: .port, triedLocally: false, vantages: ["eu-1", "us-1"]),
        ])

        let local = obs(local(), .ok, alternatives: [Alternative(url: Self.httpsPort, outcome: .connectionRefused, kind: .port)])
        let withLocal = VerdictEngine.decide(agents + [local])
        #expect(withLocal.alternatives == [
            VerdictAlternative(url: Self.httpsPort, outcome: .connectionRefused, kind: .port, triedLocally: true, vantages: ["eu-1", "us-1", "local"]),
        ])
    }

    @Test("alternatives the agents found but the user's network did not try are suggested")
    func untriedAlternative() {
        let agents = healthyAgents().map { observation in
            var observation = observation
            observation.result.alternatives = [Alternative(url: Self.httpsPort, outcome: .reachable, kind: .port)]
            return observation
        }
        let verdict = VerdictEngine.decide([obs(local(), .connectionReset, stage: .http)] + agents)
        #expect(verdict.verdict == .blockedForYou)
        #expect(verdict.advice.contains { $0.hasPrefix("The panel also answers at https://panel.example:8443") })
    }

    @Test("a local alternative that fails too is not recommended")
    func failingLocalAlternative() {
        let local = obs(local(), .connectionTimeout, alternatives: [Alternative(url: Self.https, outcome: .connectionTimeout, kind: .port)])
        let verdict = VerdictEngine.decide([local] + healthyAgents())
        #expect(verdict.alternatives.first?.triedLocally == true)
        #expect(!verdict.advice.contains { $0.contains("works") })
    }

    @Test("a wrong scheme for everyone points at the scheme that works")
    func schemeMismatch() {
        let alternative = Alternative(url: "https://panel.example:8080", outcome: .credentialsRejected, kind: .login)
        let observations = healthyAgents(.schemeMismatch).map { observation in
            var observation = observation
            observation.result.alternatives = [alternative]
            return observation
        }
        let verdict = VerdictEngine.decide(observations)
        #expect(verdict.verdict == .downForEveryone)
        #expect(verdict.reason == .schemeMismatch)
        // Failing vantages' alternatives are not merged; the advice still says which scheme to use.
        #expect(verdict.advice.contains("Use https:// instead in your player, with the same port."))
    }
}
