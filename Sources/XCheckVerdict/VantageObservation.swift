public import XCheckModel

/// What one vantage found for the target: its check and, after a network-level failure, the second attempt.
public struct VantageObservation: Sendable, Hashable, Codable {
    /// Where the check ran.
    public var vantage: Vantage
    /// The first attempt.
    public var result: ProbeResult
    /// A second attempt from the same vantage a few seconds later, made only when the first failed at the
    /// network level (DNS, connect, TLS, or HTTP without an answer); nil when none was made. A network-level
    /// failure counts only when this attempt failed at the network level too.
    public var confirmation: ProbeResult?

    public init(vantage: Vantage, result: ProbeResult, confirmation: ProbeResult? = nil) {
        self.vantage = vantage
        self.result = result
        self.confirmation = confirmation
    }

    enum CodingKeys: String, CodingKey {
        case vantage, result, confirmation
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.vantage, forKey: .vantage)
        try c.encode(self.result, forKey: .result)
        try c.encode(self.confirmation, forKey: .confirmation)
    }
}
