public import XCheckVerdict

/// What alerts compare: a target's overall verdict and the verdict of each region, nothing else (the full
/// verdict's wording and vantages change with every result and would make every evaluation a change).
///
/// JSON: `{"verdict": "up", "regions": [{"region": "eu", "verdict": "up"}]}`, regions sorted by name.
public struct VerdictSnapshot: Sendable, Hashable, Codable {
    /// One region's verdict.
    public struct Region: Sendable, Hashable, Codable {
        public var region: String
        public var verdict: RegionVerdict

        public init(region: String, verdict: RegionVerdict) {
            self.region = region
            self.verdict = verdict
        }
    }

    public var verdict: OverallVerdict
    /// Sorted by region name, each region once.
    public var regions: [Region]

    public init(verdict: OverallVerdict, regions: [Region]) {
        self.verdict = verdict
        var seen: Set<String> = []
        self.regions = regions.filter { seen.insert($0.region).inserted }.sorted { $0.region < $1.region }
    }

    /// The snapshot of a full verdict.
    public init(_ verdict: Verdict) {
        self.init(verdict: verdict.verdict, regions: verdict.regions.map { Region(region: $0.region, verdict: $0.verdict) })
    }

    /// The verdict of `region`, nil when the snapshot has no such region.
    public subscript(region: String) -> RegionVerdict? {
        self.regions.first { $0.region == region }?.verdict
    }
}
