/// One region's line in a verdict (`regions[]` in the JSON).
public struct RegionReport: Sendable, Hashable, Codable {
    /// The region label.
    public var region: String
    /// What the region's usable vantages found, by strict majority.
    public var verdict: RegionVerdict
    /// The names of the vantages in this region that answered, in input order.
    public var vantages: [String]
    /// The names of the vantages in this region that were asked but did not answer.
    public var missing: [String]
    /// The most common blocking type among the region's blocked vantages when the region is `blocked`.
    public var blocking: BlockingType?
    /// Why the region got its verdict when it is not plain (no majority, nothing usable...).
    public var note: String?

    public init(
        region: String, verdict: RegionVerdict, vantages: [String], missing: [String] = [],
        blocking: BlockingType? = nil, note: String? = nil
    ) {
        self.region = region
        self.verdict = verdict
        self.vantages = vantages
        self.missing = missing
        self.blocking = blocking
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case region, verdict, vantages, missing, blocking, note
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.region, forKey: .region)
        try c.encode(self.verdict, forKey: .verdict)
        try c.encode(self.vantages, forKey: .vantages)
        try c.encode(self.missing, forKey: .missing)
        try c.encode(self.blocking, forKey: .blocking)
        try c.encode(self.note, forKey: .note)
    }
}
