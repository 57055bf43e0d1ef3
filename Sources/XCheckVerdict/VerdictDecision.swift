import XCheckModel

/// The overall part of a verdict, as decided by one rule.
struct VerdictDecision: Sendable {
    var verdict: OverallVerdict
    var reason: Outcome?
    var rule: VerdictRule
    var summary: String
    var advice: [String]
}
