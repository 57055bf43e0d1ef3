/// How long each stage of a check took, in milliseconds. A stage that was not reached is `nil`.
public struct StageTimings: Sendable, Hashable, Codable {
    /// Name resolution.
    public var dns: Double?
    /// TCP connection establishment (after resolution).
    public var connect: Double?
    /// TLS handshake (after the TCP connection).
    public var tls: Double?
    /// From the request being sent to the first response byte.
    public var firstByte: Double?
    /// The whole check, from the start of resolution to the last byte.
    public var total: Double?

    public init(dns: Double? = nil, connect: Double? = nil, tls: Double? = nil, firstByte: Double? = nil, total: Double? = nil) {
        self.dns = dns
        self.connect = connect
        self.tls = tls
        self.firstByte = firstByte
        self.total = total
    }

    enum CodingKeys: String, CodingKey {
        case dns, connect, tls
        case firstByte = "first_byte"
        case total
    }

    public func encode(to encoder: any Encoder) throws {
        // Explicit nulls: a stage that was not reached is part of the contract.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.dns, forKey: .dns)
        try c.encode(self.connect, forKey: .connect)
        try c.encode(self.tls, forKey: .tls)
        try c.encode(self.firstByte, forKey: .firstByte)
        try c.encode(self.total, forKey: .total)
    }
}
