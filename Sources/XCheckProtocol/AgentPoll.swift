/// `POST /v1/agent/jobs/poll`: the agent asks for work and the coordinator holds the request until a job is
/// available or `wait_seconds` pass (at most 25).
public struct AgentPollRequest: Sendable, Hashable, Codable {
    /// The most jobs the agent takes now (its free capacity), 1...100.
    public var maxJobs: Int
    /// How long the coordinator may hold the request, 0...25 seconds.
    public var waitSeconds: Int
    /// The agent process's session: a random id per start, the same for every poll of that process. When it
    /// changes, the coordinator hands out again the jobs the previous process claimed and never answered.
    public var session: String?
    /// With the first poll of a session: the jobs whose results this process found in its spool (at most
    /// 1,000). They are answered already, so a new session does not get them again.
    public var spooledJobs: [String]?

    public init(maxJobs: Int, waitSeconds: Int, session: String? = nil, spooledJobs: [String]? = nil) {
        self.maxJobs = maxJobs
        self.waitSeconds = waitSeconds
        self.session = session
        self.spooledJobs = spooledJobs
    }

    enum CodingKeys: String, CodingKey {
        case maxJobs = "max_jobs"
        case waitSeconds = "wait_seconds"
        case session
        case spooledJobs = "spooled_jobs"
    }
}

/// The answer to a poll: zero or more jobs, now claimed by this agent.
public struct AgentPollResponse: Sendable, Hashable, Codable {
    public var jobs: [AgentJob]

    public init(jobs: [AgentJob]) { self.jobs = jobs }
}
