@testable import CoordinatorCore
import Foundation
import Testing
import XCheckProtocol
import XCheckVerdict

/// The change detector's rules (docs/alerts.md), as sequences of observations and the decisions they lead to.
@Suite("Alert tracker")
struct AlertTrackerTests {
    /// One observation: a compact state ("up eu=up us=up"), its evidence, its time; and the expected decision.
    struct Step: Sendable, CustomStringConvertible {
        var state: String
        var evidence: String
        var time: Double
        var expected: String

        var description: String { "\(self.time) \(self.state) [\(self.evidence)] → \(self.expected)" }
    }

    static func snapshot(_ text: String) -> VerdictSnapshot {
        let parts = text.split(separator: " ")
        let overall = OverallVerdict(rawValue: String(parts[0]))!
        let regions = parts.dropFirst().map { part -> VerdictSnapshot.Region in
            let pair = part.split(separator: "=")
            return VerdictSnapshot.Region(region: String(pair[0]), verdict: RegionVerdict(rawValue: String(pair[1]))!)
        }
        return VerdictSnapshot(verdict: overall, regions: regions)
    }

    static func describe(_ snapshot: VerdictSnapshot) -> String {
        ([snapshot.verdict.rawValue] + snapshot.regions.map { "\($0.region)=\($0.verdict.rawValue)" }).joined(separator: " ")
    }

    static func describe(_ decision: AlertTracker.Decision) -> String {
        switch decision {
        case .ignored: "ignored"
        case .steady: "steady"
        case .pending: "pending"
        case .held: "held"
        case .baseline(let state): "baseline(\(Self.describe(state)))"
        case .alert(let before, let after): "alert(\(Self.describe(before)) -> \(Self.describe(after)))"
        }
    }

    static let up = "up eu=up us=up"
    static let euBlocked = "blocked_in_some_regions eu=blocked us=up"
    static let down = "down_for_everyone eu=down us=down"
    static let settings = AlertTracker.Settings(confirmations: 2, confirmationTime: 60, quietPeriod: 600)

    /// name, steps (with the default settings).
    static let sequences: [(String, [Step])] = [
        ("the first state needs confirmation and becomes the baseline without an alert", [
            Step(state: up, evidence: "a", time: 0, expected: "pending"),
            Step(state: up, evidence: "b", time: 30, expected: "pending"),
            Step(state: up, evidence: "c", time: 60, expected: "baseline(up eu=up us=up)"),
            Step(state: up, evidence: "d", time: 90, expected: "steady"),
        ]),
        ("a region losing the panel alerts once, after two observations with new results spanning the confirmation time", [
            Step(state: up, evidence: "a", time: 0, expected: "pending"),
            Step(state: up, evidence: "b", time: 60, expected: "baseline(up eu=up us=up)"),
            Step(state: euBlocked, evidence: "c", time: 100, expected: "pending"),
            Step(state: euBlocked, evidence: "d", time: 130, expected: "pending"),  // two sightings, only 30 s
            Step(state: euBlocked, evidence: "d", time: 160, expected: "alert(up eu=up us=up -> blocked_in_some_regions eu=blocked us=up)"),
            Step(state: euBlocked, evidence: "e", time: 190, expected: "steady"),
        ]),
        ("the same results seen again do not count as a second observation", [
            Step(state: up, evidence: "a", time: 0, expected: "pending"),
            Step(state: up, evidence: "b", time: 60, expected: "baseline(up eu=up us=up)"),
            Step(state: euBlocked, evidence: "c", time: 100, expected: "pending"),
            Step(state: euBlocked, evidence: "c", time: 200, expected: "pending"),
            Step(state: euBlocked, evidence: "c", time: 300, expected: "pending"),
            Step(state: euBlocked, evidence: "d", time: 310, expected: "alert(up eu=up us=up -> blocked_in_some_regions eu=blocked us=up)"),
        ]),
        ("a flap back before confirmation cancels the change", [
            Step(state: up, evidence: "a", time: 0, expected: "pending"),
            Step(state: up, evidence: "b", time: 60, expected: "baseline(up eu=up us=up)"),
            Step(state: euBlocked, evidence: "c", time: 100, expected: "pending"),
            Step(state: up, evidence: "d", time: 130, expected: "steady"),
            Step(state: euBlocked, evidence: "e", time: 170, expected: "pending"),  // counting starts again
            Step(state: euBlocked, evidence: "f", time: 200, expected: "pending"),
            Step(state: up, evidence: "g", time: 240, expected: "steady"),
        ]),
        ("inconclusive neither confirms nor cancels; an inconclusive region keeps its alerted verdict", [
            Step(state: up, evidence: "a", time: 0, expected: "pending"),
            Step(state: up, evidence: "b", time: 60, expected: "baseline(up eu=up us=up)"),
            Step(state: "inconclusive eu=inconclusive us=inconclusive", evidence: "c", time: 100, expected: "ignored"),
            Step(state: "up eu=up us=inconclusive", evidence: "d", time: 130, expected: "steady"),
            Step(state: euBlocked, evidence: "e", time: 160, expected: "pending"),
            Step(state: "inconclusive eu=blocked us=inconclusive", evidence: "f", time: 200, expected: "ignored"),
            Step(state: "blocked_in_some_regions eu=blocked us=inconclusive", evidence: "g", time: 230,
                 expected: "alert(up eu=up us=up -> blocked_in_some_regions eu=blocked us=up)"),
        ]),
        ("flapping within the quiet period sends nothing more", [
            Step(state: up, evidence: "a", time: 0, expected: "pending"),
            Step(state: up, evidence: "b", time: 60, expected: "baseline(up eu=up us=up)"),
            Step(state: euBlocked, evidence: "c", time: 100, expected: "pending"),
            Step(state: euBlocked, evidence: "d", time: 160, expected: "alert(up eu=up us=up -> blocked_in_some_regions eu=blocked us=up)"),
            Step(state: up, evidence: "e", time: 200, expected: "pending"),
            Step(state: up, evidence: "f", time: 260, expected: "held"),
            Step(state: euBlocked, evidence: "g", time: 300, expected: "steady"),
            Step(state: up, evidence: "h", time: 400, expected: "pending"),
            Step(state: up, evidence: "i", time: 460, expected: "held"),
            Step(state: euBlocked, evidence: "j", time: 700, expected: "steady"),
            Step(state: euBlocked, evidence: "k", time: 800, expected: "steady"),
        ]),
        ("a change held by the quiet period is alerted when it ends if it still stands", [
            Step(state: up, evidence: "a", time: 0, expected: "pending"),
            Step(state: up, evidence: "b", time: 60, expected: "baseline(up eu=up us=up)"),
            Step(state: euBlocked, evidence: "c", time: 100, expected: "pending"),
            Step(state: euBlocked, evidence: "d", time: 160, expected: "alert(up eu=up us=up -> blocked_in_some_regions eu=blocked us=up)"),
            Step(state: down, evidence: "e", time: 200, expected: "pending"),
            Step(state: down, evidence: "f", time: 260, expected: "held"),
            Step(state: down, evidence: "f", time: 700, expected: "held"),
            Step(state: down, evidence: "f", time: 760, expected: "alert(blocked_in_some_regions eu=blocked us=up -> down_for_everyone eu=down us=down)"),
        ]),
        ("a new region seen up joins silently; a new region seen failing is a change", [
            Step(state: up, evidence: "a", time: 0, expected: "pending"),
            Step(state: up, evidence: "b", time: 60, expected: "baseline(up eu=up us=up)"),
            Step(state: "up asia=up eu=up us=up", evidence: "c", time: 100, expected: "steady"),
            Step(state: "blocked_in_some_regions asia=blocked eu=up us=up", evidence: "d", time: 130, expected: "pending"),
            Step(state: "blocked_in_some_regions asia=blocked eu=up us=up", evidence: "e", time: 200,
                 expected: "alert(up asia=up eu=up us=up -> blocked_in_some_regions asia=blocked eu=up us=up)"),
        ]),
        ("older observations (a slower replica) are ignored", [
            Step(state: up, evidence: "a", time: 100, expected: "pending"),
            Step(state: up, evidence: "b", time: 90, expected: "ignored"),
            Step(state: up, evidence: "b", time: 100, expected: "ignored"),
            Step(state: up, evidence: "b", time: 160, expected: "baseline(up eu=up us=up)"),
        ]),
    ]

    @Test("sequence", arguments: Self.sequences)
    func sequence(_ name: String, _ steps: [Step]) throws {
        var tracker = AlertTracker()
        for (index, step) in steps.enumerated() {
            let decision = tracker.observe(Self.snapshot(step.state), evidence: step.evidence, at: step.time, settings: Self.settings)
            #expect(Self.describe(decision) == step.expected, "\(name), step \(index): \(step)")
        }
    }

    @Test("with one confirmation and no confirmation time, the first sighting confirms")
    func immediate() {
        var tracker = AlertTracker()
        let settings = AlertTracker.Settings(confirmations: 1, confirmationTime: 0, quietPeriod: 0)
        #expect(Self.describe(tracker.observe(Self.snapshot(Self.up), evidence: "a", at: 1, settings: settings)) == "baseline(up eu=up us=up)")
        #expect(Self.describe(tracker.observe(Self.snapshot(Self.down), evidence: "b", at: 2, settings: settings))
            == "alert(up eu=up us=up -> down_for_everyone eu=down us=down)")
        #expect(Self.describe(tracker.observe(Self.snapshot(Self.up), evidence: "c", at: 3, settings: settings))
            == "alert(down_for_everyone eu=down us=down -> up eu=up us=up)")
    }

    @Test("the state survives a JSON round trip (it is stored per target)")
    func codable() throws {
        var tracker = AlertTracker()
        _ = tracker.observe(Self.snapshot(Self.up), evidence: "a", at: 0, settings: Self.settings)
        _ = tracker.observe(Self.snapshot(Self.up), evidence: "b", at: 60, settings: Self.settings)
        _ = tracker.observe(Self.snapshot(Self.euBlocked), evidence: "c", at: 100, settings: Self.settings)
        let copy = try JSONDecoder().decode(AlertTracker.self, from: try JSONEncoder().encode(tracker))
        #expect(copy == tracker)
        var resumed = copy
        #expect(Self.describe(resumed.observe(Self.snapshot(Self.euBlocked), evidence: "d", at: 170, settings: Self.settings))
            == "alert(up eu=up us=up -> blocked_in_some_regions eu=blocked us=up)")
    }
}
