/// `POST /v1/agent/heartbeat`: the agent says it is alive and how loaded it is.
public struct AgentHeartbeat: Sendable, Hashable, Codable {
    /// The agent's version.
    public var version: String
    /// Checks running now.
    public var inFlight: Int
    /// The most checks it runs at once.
    public var maxConcurrency: Int
    /// Results waiting in its spool to be acknowledged.
    public var spoolDepth: Int
    /// Spool records dropped because the spool was full, since the agent started.
    public var spoolDropped: Int

    public init(version: String, inFlight: Int, maxConcurrency: Int, spoolDepth: Int, spoolDropped: Int) {
        self.version = version
        self.inFlight = inFlight
        self.maxConcurrency = maxConcurrency
        self.spoolDepth = spoolDepth
        self.spoolDropped = spoolDropped
    }

    enum CodingKeys: String, CodingKey {
        case version
        case inFlight = "in_flight"
        case maxConcurrency = "max_concurrency"
        case spoolDepth = "spool_depth"
        case spoolDropped = "spool_dropped"
    }
}

/// The answer to a heartbeat: who the coordinator thinks this agent is.
public struct AgentHeartbeatResponse: Sendable, Hashable, Codable {
    public var name: String
    public var region: String
    public var network: String
    /// The coordinator's clock (epoch seconds).
    public var serverTime: Int64
    /// The source address the coordinator saw.
    public var observedAddress: String?

    public init(name: String, region: String, network: String, serverTime: Int64, observedAddress: String?) {
        self.name = name
        self.region = region
        self.network = network
        self.serverTime = serverTime
        self.observedAddress = observedAddress
    }

    enum CodingKeys: String, CodingKey {
        case name, region, network
        case serverTime = "server_time"
        case observedAddress = "observed_address"
    }
}
