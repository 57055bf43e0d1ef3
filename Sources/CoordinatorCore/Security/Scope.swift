/// What an API token may do. Each scope includes the ones before it.
public enum Scope: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Read checks, targets, history, agents.
    case read
    /// Also run ad-hoc checks.
    case check
    /// Also manage monitored targets.
    case admin

    public static func < (lhs: Scope, rhs: Scope) -> Bool {
        Self.allCases.firstIndex(of: lhs)! < Self.allCases.firstIndex(of: rhs)!
    }
}
