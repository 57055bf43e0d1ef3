public import XCheckModel

/// The cross-referenced answer for one target: the verdict document of `xcheck check --json` and of the
/// coordinator's check and verdict endpoints.
///
/// JSON contract (names kept stable; fields may be added):
/// `{"verdict", "reason", "rule", "summary", "regions": [{"region", "verdict", "vantages", "missing", "blocking",
///   "note"}], "vantages": [{"name", "kind", "region", "network", "outcome", "stage", "blocking", "timings_ms",
///   "http_status", "usable", "attempts", "confirmed", "note"}], "missing": [{"name", "kind", "region",
///   "network"}], "confidence": {"vantages", "networks"}, "alternatives": [{"url", "outcome", "kind",
///   "tried_locally", "vantages"}], "advice": [...]}`
public struct Verdict: Sendable, Hashable, Codable {
    /// The overall verdict.
    public var verdict: OverallVerdict
    /// The outcome code that explains the verdict; nil only when no vantage answered at all.
    public var reason: Outcome?
    /// The rule that decided (docs/verdicts.md).
    public var rule: VerdictRule
    /// One sentence for people.
    public var summary: String
    /// One entry per region seen (answering or missing), in order of first appearance.
    public var regions: [RegionReport]
    /// One entry per observation, in input order.
    public var vantages: [VantageReport]
    /// The vantages that were asked but did not answer.
    public var missing: [Vantage]
    /// Usable vantages and distinct networks behind the verdict.
    public var confidence: VerdictConfidence
    /// Other URLs for the panel, merged from the local vantage and the vantages that reached the panel.
    public var alternatives: [VerdictAlternative]
    /// What to do, in plain words, most useful first.
    public var advice: [String]

    public init(
        verdict: OverallVerdict, reason: Outcome?, rule: VerdictRule, summary: String, regions: [RegionReport],
        vantages: [VantageReport], missing: [Vantage], confidence: VerdictConfidence,
        alternatives: [VerdictAlternative], advice: [String]
    ) {
        self.verdict = verdict
        self.reason = reason
        self.rule = rule
        self.summary = summary
        self.regions = regions
        self.vantages = vantages
        self.missing = missing
        self.confidence = confidence
        self.alternatives = alternatives
        self.advice = advice
    }

    enum CodingKeys: String, CodingKey {
        case verdict, reason, rule, summary, regions, vantages, missing, confidence, alternatives, advice
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.verdict, forKey: .verdict)
        try c.encode(self.reason, forKey: .reason)
        try c.encode(self.rule, forKey: .rule)
        try c.encode(self.summary, forKey: .summary)
        try c.encode(self.regions, forKey: .regions)
        try c.encode(self.vantages, forKey: .vantages)
        try c.encode(self.missing, forKey: .missing)
        try c.encode(self.confidence, forKey: .confidence)
        try c.encode(self.alternatives, forKey: .alternatives)
        try c.encode(self.advice, forKey: .advice)
    }
}
