import XCheckModel

extension VerdictEngine {
    /// One report per region seen, answering or missing, in order of first appearance.
    static func regionReports(_ assessments: [VantageAssessment], missing: [Vantage]) -> [RegionReport] {
        let names = (assessments.map(\.vantage.region) + missing.map(\.region)).distinct()
        let sharedNetworks = assessments.filter { $0.isUsable && $0.isSharedFailure }.map(\.network).distinct().count
        return names.map { region in
            let members = assessments.filter { $0.vantage.region == region }
            let absent = missing.filter { $0.region == region }.map(\.name)
            var report = Self.regionReport(region: region, members: members, sharedFailureNetworks: sharedNetworks)
            report.missing = absent
            if members.isEmpty {
                report.note = "No vantage in this region answered."
            }
            return report
        }
    }

    /// The majority rule: the region's verdict is what a strict majority of its usable vantages found. A single
    /// failing (or flaky) vantage among healthy ones is reported on its own line but does not flip the region;
    /// without a majority the region is inconclusive. `down` also needs the shared failure to be seen from at
    /// least two networks overall (`sharedFailureNetworks`): one network failing alone proves nothing.
    static func regionReport(region: String, members: [VantageAssessment], sharedFailureNetworks: Int) -> RegionReport {
        let names = members.map(\.vantage.name)
        let usable = members.filter(\.isUsable)
        guard !usable.isEmpty else {
            let note = members.isEmpty ? nil : "No usable answer from this region (\(members.map { $0.effective.outcome.rawValue }.distinct().joined(separator: ", ")))."
            return RegionReport(region: region, verdict: .inconclusive, vantages: names, note: note)
        }
        let total = usable.count
        let reached = usable.filter(\.reachedPanel)
        let blocked = usable.filter(\.isBlocked)
        let shared = usable.filter(\.isSharedFailure)
        let failing = blocked.count + shared.count

        if reached.count * 2 > total {
            let answers = reached.compactMap(\.loginAnswer)
            if answers.contains(where: \.isAccountProblem) {
                if Self.consistentAccountAnswer(answers) != nil {
                    return RegionReport(region: region, verdict: .accountProblem, vantages: names)
                }
                return RegionReport(
                    region: region, verdict: .inconclusive, vantages: names,
                    note: "The panel answered the login differently here (\(answers.distinct().map(\.rawValue).joined(separator: ", ")))."
                )
            }
            var note: String?
            if failing > 0 {
                note = "\(failing) of \(total) usable vantages fail\(failing == 1 ? "s" : "") (\(Self.failureList(blocked + shared))): a minority, which does not change the region's verdict."
            }
            return RegionReport(region: region, verdict: .up, vantages: names, note: note)
        }
        if blocked.count * 2 > total {
            return RegionReport(
                region: region, verdict: .blocked, vantages: names,
                blocking: blocked.compactMap(\.blocking).mostCommon()
            )
        }
        if shared.count * 2 > total {
            if sharedFailureNetworks >= 2 {
                return RegionReport(region: region, verdict: .down, vantages: names)
            }
            return RegionReport(
                region: region, verdict: .inconclusive, vantages: names,
                note: "It fails (\(shared.map(\.effective.outcome.rawValue).distinct().joined(separator: ", "))), but no second network fails the same way to confirm it."
            )
        }
        return RegionReport(
            region: region, verdict: .inconclusive, vantages: names,
            note: "No majority among \(total) usable vantages (reaching the panel: \(reached.count), blocked: \(blocked.count), failing like everyone else: \(shared.count))."
        )
    }

    /// "a (connection_timeout, tcp_ip), b (not_xtream)".
    static func failureList(_ failures: [VantageAssessment]) -> String {
        failures.map { failure in
            var text = "\(failure.vantage.name): \(failure.effective.outcome.rawValue)"
            if let blocking = failure.blocking { text += ", \(blocking.rawValue)" }
            return text
        }.joined(separator: "; ")
    }

    /// The account outcome that login answers agree on: all the same account outcome, or
    /// `max_connections_reached` mixed with `ok` (the connection count changes between checks). Nil when they
    /// disagree or contain no account outcome.
    static func consistentAccountAnswer(_ answers: [Outcome]) -> Outcome? {
        let distinct = Set(answers)
        let codes = distinct.filter(\.isAccountProblem)
        guard codes.count == 1, let code = codes.first else { return nil }
        if distinct.count == 1 { return code }
        if code == .maxConnectionsReached, distinct == [.maxConnectionsReached, .ok] { return code }
        return nil
    }
}
