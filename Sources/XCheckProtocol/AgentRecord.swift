/// An enrolled agent, as stored.
public struct AgentRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var region: String
    public var network: String
    public var createdAt: Int64
    public var revokedAt: Int64?
    public var lastSeenAt: Int64?
    public var lastAddress: String?
    public var version: String?
    public var inFlight: Int
    public var maxConcurrency: Int
    public var spoolDepth: Int
    public var spoolDropped: Int
    /// Seen within the offline threshold and not revoked.
    public var online: Bool

    public init(
        id: Int64, name: String, region: String, network: String, createdAt: Int64, revokedAt: Int64?, lastSeenAt: Int64?,
        lastAddress: String?, version: String?, inFlight: Int, maxConcurrency: Int, spoolDepth: Int, spoolDropped: Int,
        online: Bool
    ) {
        self.id = id
        self.name = name
        self.region = region
        self.network = network
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.lastSeenAt = lastSeenAt
        self.lastAddress = lastAddress
        self.version = version
        self.inFlight = inFlight
        self.maxConcurrency = maxConcurrency
        self.spoolDepth = spoolDepth
        self.spoolDropped = spoolDropped
        self.online = online
    }

    enum CodingKeys: String, CodingKey {
        case id, name, region, network
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
        case lastSeenAt = "last_seen_at"
        case lastAddress = "last_address"
        case version
        case inFlight = "in_flight"
        case maxConcurrency = "max_concurrency"
        case spoolDepth = "spool_depth"
        case spoolDropped = "spool_dropped"
        case online
    }
}
