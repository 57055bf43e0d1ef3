/// The result of a port check: DNS, TCP connect and, for a TLS port, the TLS handshake. No HTTP request.
public struct PortCheckResult: Sendable, Hashable, Codable {
    /// What the port is for.
    public enum Service: String, Sendable, Hashable, Codable, CaseIterable {
        case http, https, rtmp, tcp
    }

    public var host: String
    public var port: Int
    public var service: Service
    /// `reachable` when the connection (and handshake) succeeded, otherwise the network outcome.
    public var outcome: Outcome
    /// The stage the outcome was decided at (nil when reachable).
    public var stage: Stage?
    /// A sentence explaining the outcome.
    public var detail: String
    /// The address connected to (or tried).
    public var connectedAddress: String?
    public var timings: StageTimings

    public init(
        host: String, port: Int, service: Service, outcome: Outcome, stage: Stage?, detail: String,
        connectedAddress: String?, timings: StageTimings
    ) {
        self.host = host
        self.port = port
        self.service = service
        self.outcome = outcome
        self.stage = stage
        self.detail = detail
        self.connectedAddress = connectedAddress
        self.timings = timings
    }

    enum CodingKeys: String, CodingKey {
        case host, port, service, outcome, stage, detail
        case connectedAddress = "connected_address"
        case timings = "timings_ms"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.host, forKey: .host)
        try c.encode(self.port, forKey: .port)
        try c.encode(self.service, forKey: .service)
        try c.encode(self.outcome, forKey: .outcome)
        try c.encode(self.stage, forKey: .stage)
        try c.encode(self.detail, forKey: .detail)
        try c.encode(self.connectedAddress, forKey: .connectedAddress)
        try c.encode(self.timings, forKey: .timings)
    }
}
