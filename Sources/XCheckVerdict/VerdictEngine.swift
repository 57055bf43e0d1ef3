import XCheckModel

/// Cross-references one target's checks from many vantages into one ``Verdict``: up, down for everyone,
/// blocked for the user, blocked in some regions, an account problem, or inconclusive; per region too.
///
/// Pure: no I/O and no clock; the same observations always give the same verdict. docs/verdicts.md explains
/// every rule with an example.
public enum VerdictEngine {
    /// Decides the verdict for one target.
    /// - Parameters:
    ///   - observations: one per vantage that answered (agents and, optionally, the user's machine as a
    ///     `local` vantage), all for the same target.
    ///   - missing: vantages that were asked but did not answer in time; reported, never counted.
    public static func decide(_ observations: [VantageObservation], missing: [Vantage] = []) -> Verdict {
        var assessments = observations.map(Self.assess)
        Self.classifyBlocking(&assessments)
        let regions = Self.regionReports(assessments, missing: missing)
        let context = VerdictContext(assessments: assessments, regions: regions, missing: missing)
        let decision = Self.decideOverall(context)
        let alternatives = Self.mergeAlternatives(context)
        var advice = decision.advice
        for line in Self.alternativeAdvice(context, decision: decision, alternatives: alternatives)
        where !advice.contains(line) {
            advice.append(line)
        }
        return Verdict(
            verdict: decision.verdict,
            reason: decision.reason,
            rule: decision.rule,
            summary: decision.summary,
            regions: regions,
            vantages: assessments.map(Self.report),
            missing: missing,
            confidence: VerdictConfidence(vantages: context.usable.count, networks: context.usableNetworks.count),
            alternatives: alternatives,
            advice: advice
        )
    }

    static func report(_ assessment: VantageAssessment) -> VantageReport {
        let result = assessment.effective
        return VantageReport(
            name: assessment.vantage.name,
            kind: assessment.vantage.kind,
            region: assessment.vantage.region,
            network: assessment.vantage.network,
            outcome: result.outcome,
            stage: result.stage,
            blocking: assessment.blocking,
            timings: result.timings,
            httpStatus: result.httpStatus,
            usable: assessment.isUsable,
            attempts: assessment.attempts,
            confirmed: assessment.confirmed,
            note: assessment.notes.isEmpty ? nil : assessment.notes.joined(separator: " ")
        )
    }
}
