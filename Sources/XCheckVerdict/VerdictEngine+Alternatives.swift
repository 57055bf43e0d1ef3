import XCheckModel

extension VerdictEngine {
    /// Merges the alternatives (other scheme, advertised ports) of the local vantage and of the vantages that
    /// reached the panel, by URL. The local vantage's outcome wins (it was measured from the user's network;
    /// the CLI adds its own tries of the agents' alternatives to the local result); otherwise the best outcome
    /// an agent got (healthy, then account, then anything else). The target's own URL is left out.
    static func mergeAlternatives(_ context: VerdictContext) -> [VerdictAlternative] {
        let targetURL = context.target?.url
        var order: [String] = []
        var merged: [String: VerdictAlternative] = [:]
        for assessment in context.assessments where assessment.isLocal || assessment.reachedPanel {
            let results = assessment.isLocal ? [assessment.first] + (assessment.confirmation.map { [$0] } ?? []) : [assessment.effective]
            for result in results {
                for alternative in result.alternatives where alternative.url != targetURL {
                    let name = assessment.vantage.name
                    guard var existing = merged[alternative.url] else {
                        order.append(alternative.url)
                        merged[alternative.url] = VerdictAlternative(
                            url: alternative.url, outcome: alternative.outcome, kind: alternative.kind,
                            triedLocally: assessment.isLocal, vantages: [name]
                        )
                        continue
                    }
                    if !existing.vantages.contains(name) { existing.vantages.append(name) }
                    let replace: Bool
                    if assessment.isLocal {
                        // A later local attempt (the confirmation) replaces an earlier one.
                        replace = true
                    } else {
                        replace = !existing.triedLocally && Self.rank(alternative.outcome) < Self.rank(existing.outcome)
                    }
                    if replace {
                        existing.outcome = alternative.outcome
                        existing.kind = alternative.kind
                        existing.triedLocally = existing.triedLocally || assessment.isLocal
                    }
                    merged[alternative.url] = existing
                }
            }
        }
        return order.compactMap { merged[$0] }
    }

    /// Lower is better: healthy, then an account answer (the panel is there), then anything else.
    static func rank(_ outcome: Outcome) -> Int {
        if outcome.isHealthy { return 0 }
        if outcome.isAccountProblem { return 1 }
        return 2
    }

    /// Advice about alternatives: when the user's network fails on the URL as given, the ones that work from
    /// it ("http on 8080 is blocked from your network; https on 443 works"), else the ones that work from the
    /// agents and were not tried from the user's network.
    static func alternativeAdvice(
        _ context: VerdictContext, decision: VerdictDecision, alternatives: [VerdictAlternative]
    ) -> [String] {
        guard let target = context.target, !alternatives.isEmpty else { return [] }
        let given = BaseURLParts(target.url)
        var lines: [String] = []
        let localFails = context.local.map { !$0.reachedPanel } ?? false
        if localFails, let local = context.local {
            let failure = local.isBlocked ? "is blocked from your network" : "does not work from your network"
            let working = alternatives.filter { $0.triedLocally && Self.rank($0.outcome) <= 1 }
            for alternative in working {
                let parts = BaseURLParts(alternative.url)
                lines.append("\(given.phrase) \(failure); \(parts.phrase) works (\(alternative.outcome.rawValue)): use \(alternative.url) in your player.")
            }
            if working.isEmpty {
                for alternative in alternatives where !alternative.triedLocally && alternative.outcome.isHealthy {
                    lines.append("The panel also answers at \(alternative.url) (\(alternative.outcome.rawValue) from \(VerdictWording.list(alternative.vantages))); it was not tried from your network: try it in your player.")
                }
            }
        } else if decision.verdict != .up {
            // An account problem is the panel's answer: a URL that merely answers (no login tried) is no way
            // around it.
            for alternative in alternatives
            where alternative.outcome.isHealthy && !(decision.verdict == .accountProblem && alternative.outcome == .reachable) {
                let from = alternative.triedLocally ? "your network" : VerdictWording.list(alternative.vantages)
                lines.append("\(alternative.url) works from \(from) (\(alternative.outcome.rawValue)).")
            }
        }
        return lines
    }
}
