import Testing
import XCheckModel
import XCheckVerdict

/// With `--private` the agents check only that the server answers: a working login from the user's network
/// must not be reported as working "from the other networks" too.
@Suite("Wording when other networks only checked reachability")
struct PrivateModeWordingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let others: [VantageObservation]
        let says: String
        let doesNotSay: String?
        var testDescription: String { self.name }
    }

    static let cases: [Case] = [
        Case(
            name: "every agent checked reachability",
            others: healthyAgents(.reachable, kind: .reachability),
            says: "The login works from your network (ok). The server answers from 3 of 3 other networks, which checked without your password.",
            doesNotSay: "and from 3 of 3"),
        Case(
            name: "one agent logged in, two checked reachability",
            others: [
                obs(agent("eu-1", "eu"), .ok), obs(agent("us-1", "us"), .reachable, kind: .reachability),
                obs(agent("asia-1", "asia"), .reachable, kind: .reachability),
            ],
            says: "It works from 1 of 3 other networks too, and the server answers from 2 more that checked without your password.",
            doesNotSay: nil),
        Case(
            name: "every agent logged in",
            others: healthyAgents(),
            says: "The login works from your network (ok) and from 3 of 3 other networks.",
            doesNotSay: "without your password"),
    ]

    @Test(arguments: Self.cases)
    func summary(_ example: Case) {
        let verdict = VerdictEngine.decide([obs(local(), .ok)] + example.others, missing: [])
        #expect(verdict.verdict == .up)
        #expect(verdict.rule == .worksFromYourNetwork)
        #expect(verdict.summary.contains(example.says), "\(verdict.summary)")
        if let absent = example.doesNotSay {
            #expect(!verdict.summary.contains(absent), "\(verdict.summary)")
        }
    }
}
