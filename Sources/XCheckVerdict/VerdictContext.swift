import XCheckModel

/// Everything the overall rules look at, computed once.
struct VerdictContext: Sendable {
    let assessments: [VantageAssessment]
    let regions: [RegionReport]
    let missing: [Vantage]
    /// The user's own machine: the first local vantage, if any.
    let local: VantageAssessment?
    let usable: [VantageAssessment]
    /// Distinct networks among the usable vantages, in order of first appearance.
    let usableNetworks: [String]
    /// The target as checked (the local vantage's when there is one).
    let target: TargetSummary?

    init(assessments: [VantageAssessment], regions: [RegionReport], missing: [Vantage]) {
        self.assessments = assessments
        self.regions = regions
        self.missing = missing
        self.local = assessments.first(where: \.isLocal)
        self.usable = assessments.filter(\.isUsable)
        self.usableNetworks = self.usable.map(\.network).distinct()
        self.target = (self.local ?? assessments.first)?.first.target
    }

    /// "host:port", or "the server" when nothing was observed.
    var hostPort: String {
        guard let target = self.target else { return "the server" }
        let host = target.host.contains(":") ? "[\(target.host)]" : target.host
        return "\(host):\(target.port)"
    }

    var host: String { self.target?.host ?? "the server" }

    /// Usable vantages that reached the panel, outside `network`.
    func references(outside network: String) -> [VantageAssessment] {
        self.usable.filter { $0.reachedPanel && $0.network != network }
    }

    func regions(_ verdict: RegionVerdict) -> [RegionReport] {
        self.regions.filter { $0.verdict == verdict }
    }

    /// Blocked regions other than one holding only local vantages (the user's network is reported on its own).
    var blockedAgentRegions: [RegionReport] {
        let localNames = Set(self.assessments.filter(\.isLocal).map(\.vantage.name))
        return self.regions(.blocked).filter { region in
            !region.vantages.allSatisfy { localNames.contains($0) }
        }
    }
}
