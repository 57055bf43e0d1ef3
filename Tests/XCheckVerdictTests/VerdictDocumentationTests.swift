import Foundation
import Testing
import XCheckModel
import XCheckVerdict

/// One worked example of docs/verdicts.md: its input and the rule it illustrates. The test checks that the
/// engine decides it by that rule and that the summary the document prints is the engine's, word for word.
struct DocumentedExample: Sendable, CustomTestStringConvertible {
    let rule: VerdictRule
    let verdict: OverallVerdict
    let observations: [VantageObservation]
    var missing: [Vantage] = []

    var testDescription: String { self.rule.rawValue }
}

/// Keeps docs/verdicts.md honest: every rule and code is explained, and every example's summary is the engine's.
@Suite("docs/verdicts.md")
struct VerdictDocumentationTests {
    static let relativePath = "docs/verdicts.md"

    /// Three directories up from this file (Tests/XCheckVerdictTests/<file>), then `XCHECK_PACKAGE_ROOT`.
    static func candidateRoots(filePath: String = #filePath) -> [URL] {
        var roots = [
            URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
        ]
        if let root = ProcessInfo.processInfo.environment["XCHECK_PACKAGE_ROOT"], !root.isEmpty {
            roots.append(URL(fileURLWithPath: root, isDirectory: true))
        }
        return roots
    }

    static let document: String? = {
        for root in Self.candidateRoots() {
            if let data = FileManager.default.contents(atPath: root.appendingPathComponent(Self.relativePath).path) {
                return String(decoding: data, as: UTF8.self)
            }
        }
        return nil
    }()

    static func requireDocument() throws -> String {
        try #require(Self.document, "\(Self.relativePath) not found under \(Self.candidateRoots().map(\.path))")
    }

    static let examples: [DocumentedExample] = [
        DocumentedExample(
            rule: .tooFewNetworks, verdict: .inconclusive, observations: [obs(agent("eu-1", "eu"), .ok)],
            missing: [agent("us-1", "us"), agent("asia-1", "asia")]
        ),
        DocumentedExample(
            rule: .accountRefused, verdict: .accountProblem,
            observations: [obs(local(), .accountExpired), obs(agent("eu-1", "eu"), .accountExpired), obs(agent("us-1", "us"), .accountExpired)]
        ),
        DocumentedExample(
            rule: .accountRefused, verdict: .accountProblem,
            observations: [
                obs(local(), .accountExpired), obs(agent("eu-1", "eu"), .reachable, kind: .reachability),
                obs(agent("us-1", "us"), .reachable, kind: .reachability),
            ]
        ),
        DocumentedExample(
            rule: .accountDisagreement, verdict: .inconclusive,
            observations: [obs(local(), .credentialsRejected), obs(agent("eu-1", "eu"), .ok), obs(agent("us-1", "us"), .ok)]
        ),
        DocumentedExample(
            rule: .worksFromYourNetwork, verdict: .up,
            observations: [obs(local(), .ok), obs(agent("eu-1", "eu"), .ok), obs(agent("asia-1", "asia"), .connectionTimeout)]
        ),
        DocumentedExample(
            rule: .yourNetworkBlocked, verdict: .blockedForYou,
            observations: [
                obs(local(), .connectionTimeout, alternatives: [Alternative(url: "https://panel.example", outcome: .reachable, kind: .port)])
            ] + healthyAgents()
        ),
        DocumentedExample(
            rule: .yourNetworkUnusable, verdict: .inconclusive, observations: [obs(local(), .rateLimited)] + healthyAgents()
        ),
        DocumentedExample(
            rule: .yourNetworkUnconfirmed, verdict: .inconclusive,
            observations: [obs(local(), .connectionTimeout, second: .none)] + healthyAgents()
        ),
        DocumentedExample(
            rule: .worksFromAgents, verdict: .up,
            observations: [
                obs(agent("eu-1", "eu"), .ok), obs(agent("eu-2", "eu"), .ok), obs(agent("eu-3", "eu"), .connectionReset),
                obs(agent("us-1", "us"), .ok),
            ]
        ),
        DocumentedExample(
            rule: .regionalBlocking, verdict: .blockedInSomeRegions,
            observations: [
                obs(agent("eu-1", "eu"), .ok), obs(agent("us-1", "us"), .ok),
                obs(agent("asia-1", "asia"), .connectionTimeout, addresses: ["10.66.0.1"]),
            ]
        ),
        DocumentedExample(
            rule: .sharedFailure, verdict: .downForEveryone,
            observations: [obs(local(), .connectionRefused), obs(agent("eu-1", "eu"), .connectionRefused), obs(agent("us-1", "us"), .connectionRefused)]
        ),
        DocumentedExample(
            rule: .sharedFailure, verdict: .downForEveryone,
            observations: [
                obs(agent("eu-1", "eu"), .connectionTimeout), obs(agent("us-1", "us"), .connectionTimeout),
                obs(agent("asia-1", "asia"), .dnsNXDOMAIN),
            ]
        ),
        DocumentedExample(
            rule: .contradictory, verdict: .inconclusive,
            observations: [
                obs(agent("eu-1", "eu"), .ok), obs(agent("eu-2", "eu"), .connectionTimeout), obs(agent("us-1", "us"), .ok),
                obs(agent("us-2", "us"), .notXtream),
            ]
        ),
        DocumentedExample(
            rule: .worksFromYourNetwork, verdict: .up,
            observations: [
                obs(local(), .ok), obs(agent("eu-1", "eu"), .ok),
                obs(agent("asia-1", "asia"), .connectionTimeout, second: .outcome(.ok)),
            ]
        ),
    ]

    @Test("every worked example's summary is the engine's", arguments: Self.examples)
    func example(_ example: DocumentedExample) throws {
        let document = try Self.requireDocument()
        let verdict = VerdictEngine.decide(example.observations, missing: example.missing)
        #expect(verdict.rule == example.rule)
        #expect(verdict.verdict == example.verdict)
        #expect(document.contains("\"\(verdict.summary)\""), "summary not in the document: \(verdict.summary)")
    }

    @Test("every rule has a section naming the verdict it gives")
    func rules() throws {
        let document = try Self.requireDocument()
        for rule in VerdictRule.allCases {
            #expect(document.contains("### `\(rule.rawValue)` → `"), "no section for \(rule.rawValue)")
        }
        #expect(Set(Self.examples.map(\.rule)) == Set(VerdictRule.allCases))
    }

    @Test("every verdict, region verdict and blocking type is explained")
    func codes() throws {
        let document = try Self.requireDocument()
        let codes = OverallVerdict.allCases.map(\.rawValue) + RegionVerdict.allCases.map(\.rawValue)
            + BlockingType.allCases.map(\.rawValue)
        for code in codes {
            #expect(document.contains("| `\(code)` |") || document.contains("`\(code)`"), "\(code) not explained")
        }
        for code in OverallVerdict.allCases.map(\.rawValue) + RegionVerdict.allCases.map(\.rawValue) {
            #expect(document.contains("| `\(code)` |"), "\(code) missing from the tables")
        }
    }
}
