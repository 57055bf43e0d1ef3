public import XCheckModel

/// Another way to reach the panel (the other scheme, an advertised port), merged from the vantages that
/// reported it (`alternatives[]` in the JSON).
public struct VerdictAlternative: Sendable, Hashable, Codable {
    /// The alternative's base URL.
    public var url: String
    /// The outcome from the user's network when it was tried there, otherwise the best outcome an agent got.
    public var outcome: Outcome
    /// How it was tried (`port`, `login` or `reachability`), from the attempt `outcome` comes from.
    public var kind: CheckKind
    /// True when `outcome` was measured from the user's own network.
    public var triedLocally: Bool
    /// The vantages that reported it, in input order.
    public var vantages: [String]

    public init(url: String, outcome: Outcome, kind: CheckKind, triedLocally: Bool, vantages: [String]) {
        self.url = url
        self.outcome = outcome
        self.kind = kind
        self.triedLocally = triedLocally
        self.vantages = vantages
    }

    enum CodingKeys: String, CodingKey {
        case url, outcome, kind
        case triedLocally = "tried_locally"
        case vantages
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.url, forKey: .url)
        try c.encode(self.outcome, forKey: .outcome)
        try c.encode(self.kind, forKey: .kind)
        try c.encode(self.triedLocally, forKey: .triedLocally)
        try c.encode(self.vantages, forKey: .vantages)
    }
}
