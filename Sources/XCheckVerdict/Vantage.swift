/// A place a check runs from: an agent in some region and network, or the user's own machine.
public struct Vantage: Sendable, Hashable, Codable {
    /// Where the check ran.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// An xcheck agent (a server in some region and network).
        case agent
        /// The user's own machine: the network whose failure the user wants explained.
        case local
    }

    /// A name unique among the vantages of one check, e.g. `eu-west-hetzner-1` or `local`.
    public var name: String
    /// An agent or the user's own machine.
    public var kind: Kind
    /// The region label, e.g. `eu-west`. Region verdicts group vantages by this label.
    public var region: String
    /// The network label (ISP or AS), e.g. `AS24940 Hetzner`. Vantages are compared only across different
    /// network labels: a network is never its own control.
    public var network: String

    public init(name: String, kind: Kind, region: String, network: String) {
        self.name = name
        self.kind = kind
        self.region = region
        self.network = network
    }
}
