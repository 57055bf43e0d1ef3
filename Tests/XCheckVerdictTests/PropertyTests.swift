#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
import XCheckModel
import XCheckVerdict

/// A small deterministic PRNG (SplitMix64) so every run explores the same observation sets.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { self.state = seed }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(self.next() % UInt64(n)) }

    mutating func pick<T>(_ items: [T]) -> T { items[self.below(items.count)] }

    mutating func chance(_ oneIn: Int) -> Bool { self.below(oneIn) == 0 }
}

/// Random observation sets: any outcome at any stage, with or without confirmations, over a few regions and
/// networks that overlap, plus missing vantages.
struct RandomObservations {
    var rng: SplitMix64
    static let regions = ["eu", "us", "asia", "", "local"]
    static let networks = ["isp-a", "isp-b", "isp-c", "hoster"]
    static let addresses = ["203.0.113.10", "203.0.113.11", "10.0.0.1", "2001:db8::1", "[2001:DB8::1]"]
    static let urls = ["https://panel.example", "https://panel.example:8443", Fixture.target.url, "http://panel.example:80"]

    mutating func result() -> ProbeResult {
        let outcome = self.rng.pick(Outcome.allCases)
        let stage: Stage? = self.rng.chance(5) ? nil : (self.rng.chance(2) ? Build.defaultStage(outcome) : self.rng.pick(Stage.allCases))
        let status: Int? = self.rng.chance(2) ? nil : self.rng.pick([200, 302, 403, 404, 429, 502, 522])
        var addresses: [String] = []
        for _ in 0..<self.rng.below(3) { addresses.append(self.rng.pick(Self.addresses)) }
        var alternatives: [Alternative] = []
        for _ in 0..<self.rng.below(3) {
            alternatives.append(Alternative(url: self.rng.pick(Self.urls), outcome: self.rng.pick(Outcome.allCases), kind: self.rng.pick(CheckKind.allCases)))
        }
        return Build.result(
            outcome, stage: .some(stage), status: status, addresses: addresses, kind: self.rng.pick(CheckKind.allCases),
            alternatives: alternatives
        )
    }

    mutating func vantage(_ index: Int) -> Vantage {
        Vantage(
            name: "v\(index)", kind: self.rng.chance(6) ? .local : .agent, region: self.rng.pick(Self.regions),
            network: self.rng.pick(Self.networks)
        )
    }

    mutating func observations() -> (observations: [VantageObservation], missing: [Vantage]) {
        var observations: [VantageObservation] = []
        for index in 0..<self.rng.below(9) {
            let first = self.result()
            let second: ProbeResult?
            switch self.rng.below(3) {
            case 0: second = nil
            case 1: second = first
            default: second = self.result()
            }
            observations.append(VantageObservation(vantage: self.vantage(index), result: first, confirmation: second))
        }
        let missing = (0..<self.rng.below(3)).map { self.vantage(100 + $0) }
        return (observations, missing)
    }
}

@Suite("Verdict properties")
struct PropertyTests {
    static let iterations = 5_000

    @Test("random observation sets always give a well-formed verdict", .timeLimit(.minutes(1)))
    func randomSets() throws {
        var random = RandomObservations(rng: SplitMix64(seed: 0x5EED_7E5D))
        var seen = Set<OverallVerdict>()
        for iteration in 0..<Self.iterations {
            let (observations, missing) = random.observations()
            let verdict = VerdictEngine.decide(observations, missing: missing)
            seen.insert(verdict.verdict)
            let problems = Self.problems(verdict, observations: observations, missing: missing)
            #expect(problems.isEmpty, "iteration \(iteration): \(problems)")
            #expect(VerdictEngine.decide(observations, missing: missing) == verdict, "iteration \(iteration): not deterministic")
            let data = try JSONEncoder().encode(verdict)
            #expect(try JSONDecoder().decode(Verdict.self, from: data) == verdict, "iteration \(iteration): JSON round trip")
        }
        // The generator must reach every verdict, not only the inconclusive ones.
        #expect(seen == Set(OverallVerdict.allCases), "only \(seen)")
    }

    /// The properties every verdict must have, as a list of the ones it violates.
    static func problems(_ verdict: Verdict, observations: [VantageObservation], missing: [Vantage]) -> [String] {
        var problems: [String] = []
        let regionsSeen = (observations.map(\.vantage.region) + missing.map(\.region))
        let listed = verdict.regions.map(\.region)
        if Set(listed) != Set(regionsSeen) { problems.append("regions \(listed) for \(Set(regionsSeen))") }
        if Set(listed).count != listed.count { problems.append("a region listed twice: \(listed)") }
        let inRegions = verdict.regions.flatMap(\.vantages)
        if inRegions.sorted() != observations.map(\.vantage.name).sorted() { problems.append("region vantage lists \(inRegions)") }
        if verdict.regions.flatMap(\.missing).sorted() != missing.map(\.name).sorted() { problems.append("region missing lists") }
        if verdict.vantages.map(\.name) != observations.map(\.vantage.name) { problems.append("vantage order") }
        if verdict.missing != missing { problems.append("missing") }

        let usable = verdict.vantages.filter(\.usable)
        if verdict.confidence.vantages != usable.count { problems.append("confidence.vantages") }
        if verdict.confidence.networks != Set(usable.map(\.network)).count { problems.append("confidence.networks") }
        if verdict.verdict != .inconclusive, verdict.confidence.networks < 2 { problems.append("a verdict from one network") }
        for report in verdict.vantages where report.blocking != nil && !report.usable {
            problems.append("\(report.name) blocked but not usable")
        }
        for (report, observation) in zip(verdict.vantages, observations) {
            if observation.result.outcome.isNetworkLevel(status: observation.result.httpStatus), observation.confirmation == nil,
                report.usable || report.blocking != nil
            {
                problems.append("\(report.name): an unconfirmed failure counted")
            }
            if [.rateLimited, .cdnChallenge].contains(report.outcome), report.usable {
                problems.append("\(report.name): \(report.outcome.rawValue) counted")
            }
        }
        switch verdict.verdict {
        case .up:
            if !usable.contains(where: { $0.outcome.isHealthy }) { problems.append("up without a healthy vantage") }
        case .downForEveryone:
            if usable.contains(where: { $0.outcome.isHealthy || $0.outcome.isAccountProblem }) {
                problems.append("down while a vantage reaches the panel")
            }
        case .blockedForYou:
            if verdict.vantages.first(where: { $0.kind == .local })?.blocking == nil { problems.append("blocked for you without a blocked local vantage") }
        case .blockedInSomeRegions:
            if !verdict.regions.contains(where: { $0.verdict == .blocked }) || !verdict.regions.contains(where: { $0.verdict == .up }) {
                problems.append("blocked in some regions without a blocked and an up region")
            }
        case .accountProblem:
            if verdict.reason?.isAccountProblem != true { problems.append("account problem with reason \(String(describing: verdict.reason))") }
        case .inconclusive:
            break
        }
        for region in verdict.regions where region.verdict == .blocked && region.blocking == nil {
            problems.append("region \(region.region) blocked without a type")
        }
        if verdict.summary.isEmpty { problems.append("empty summary") }
        if verdict.advice.isEmpty { problems.append("no advice") }
        if verdict.reason == nil, !observations.isEmpty { problems.append("no reason") }
        if verdict.alternatives.contains(where: { $0.url == Fixture.target.url }) { problems.append("the target offered as its own alternative") }
        return problems
    }
}
