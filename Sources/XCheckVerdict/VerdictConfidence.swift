/// How much evidence stands behind a verdict: distinct vantages and distinct networks with usable answers.
public struct VerdictConfidence: Sendable, Hashable, Codable {
    /// Usable vantages.
    public var vantages: Int
    /// Distinct networks among the usable vantages.
    public var networks: Int

    public init(vantages: Int, networks: Int) {
        self.vantages = vantages
        self.networks = networks
    }
}
