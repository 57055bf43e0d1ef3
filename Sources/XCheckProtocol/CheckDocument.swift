public import XCheckModel
public import XCheckVerdict

/// The answer of `POST /v1/checks` and `GET /v1/checks/{id}`: each agent's result, and the agents that have
/// not answered (yet). Never a password.
public struct CheckDocument: Sendable, Codable {
    /// An agent, as shown to users.
    public struct AgentRef: Sendable, Hashable, Codable {
        public var name: String
        public var region: String
        public var network: String

        public init(name: String, region: String, network: String) {
            self.name = name
            self.region = region
            self.network = network
        }

        /// The agent as a vantage of the verdict engine.
        public var vantage: Vantage { Vantage(name: self.name, kind: .agent, region: self.region, network: self.network) }
    }

    /// One agent's answer.
    public struct VantageResult: Sendable, Codable {
        public var agent: AgentRef
        public var result: ProbeResult
        public var confirmation: ProbeResult?
        public var receivedAt: Int64?

        public init(agent: AgentRef, result: ProbeResult, confirmation: ProbeResult?, receivedAt: Int64?) {
            self.agent = agent
            self.result = result
            self.confirmation = confirmation
            self.receivedAt = receivedAt
        }

        enum CodingKeys: String, CodingKey {
            case agent, result, confirmation
            case receivedAt = "received_at"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(self.agent, forKey: .agent)
            try c.encode(self.result, forKey: .result)
            try c.encode(self.confirmation, forKey: .confirmation)
            try c.encode(self.receivedAt, forKey: .receivedAt)
        }
    }

    public var id: String
    public var kind: String
    public var url: String
    public var username: String?
    public var createdAt: Int64
    public var finishedAt: Int64?
    /// `complete` (every agent answered), `running`, or `partial` (finished with agents missing).
    public var status: String
    public var vantages: [VantageResult]
    public var missing: [AgentRef]
    /// True when an identical recent check was returned instead of running a new one.
    public var reused: Bool
    /// The agents' results cross-referenced (docs/verdicts.md). The user's own machine is not among them:
    /// `xcheck check` adds its local result and decides again.
    public var verdict: Verdict

    public init(
        id: String, kind: String, url: String, username: String?, createdAt: Int64, finishedAt: Int64?, status: String,
        vantages: [VantageResult], missing: [AgentRef], reused: Bool, verdict: Verdict
    ) {
        self.id = id
        self.kind = kind
        self.url = url
        self.username = username
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.status = status
        self.vantages = vantages
        self.missing = missing
        self.reused = reused
        self.verdict = verdict
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, url, username
        case createdAt = "created_at"
        case finishedAt = "finished_at"
        case status, vantages, missing, reused, verdict
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.id, forKey: .id)
        try c.encode(self.kind, forKey: .kind)
        try c.encode(self.url, forKey: .url)
        try c.encode(self.username, forKey: .username)
        try c.encode(self.createdAt, forKey: .createdAt)
        try c.encode(self.finishedAt, forKey: .finishedAt)
        try c.encode(self.status, forKey: .status)
        try c.encode(self.vantages, forKey: .vantages)
        try c.encode(self.missing, forKey: .missing)
        try c.encode(self.reused, forKey: .reused)
        try c.encode(self.verdict, forKey: .verdict)
    }

    /// The verdict of these agents' results.
    public static func verdict(vantages: [VantageResult], missing: [AgentRef]) -> Verdict {
        VerdictEngine.decide(
            vantages.map { VantageObservation(vantage: $0.agent.vantage, result: $0.result, confirmation: $0.confirmation) },
            missing: missing.map(\.vantage))
    }
}
