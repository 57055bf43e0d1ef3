/// The answer for one region, from that region's usable vantages (`regions[].verdict` in the JSON).
public enum RegionVerdict: String, Sendable, Hashable, Codable, CaseIterable {
    /// Most of the region's usable vantages reach the panel and the login works.
    case up
    /// Most of the region's usable vantages fail where no other network gets through either.
    case down
    /// Most of the region's usable vantages are blocked: they fail where other networks get through.
    case blocked
    /// Most of the region's usable vantages reach the panel, which refuses the login.
    case accountProblem = "account_problem"
    /// No usable vantage, or no majority.
    case inconclusive
}
