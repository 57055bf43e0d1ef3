public import XCheckModel

/// One finished job, as the agent reports it.
public struct AgentResult: Sendable, Hashable, Codable {
    /// Chosen by the agent when the check finishes and kept in its spool: a retried batch carries the same id,
    /// so the coordinator stores each result exactly once.
    public var resultID: String
    /// The job this answers.
    public var jobID: String
    /// The first attempt.
    public var result: ProbeResult
    /// The second attempt, made only after a network-level failure (see ``AgentJob/confirmAfterMilliseconds``).
    public var confirmation: ProbeResult?

    public init(resultID: String, jobID: String, result: ProbeResult, confirmation: ProbeResult?) {
        self.resultID = resultID
        self.jobID = jobID
        self.result = result
        self.confirmation = confirmation
    }

    enum CodingKeys: String, CodingKey {
        case resultID = "result_id"
        case jobID = "job_id"
        case result, confirmation
    }
}

/// `POST /v1/agent/results`: a batch of results (1...500).
public struct AgentResultBatch: Sendable, Hashable, Codable {
    public var results: [AgentResult]

    public init(results: [AgentResult]) { self.results = results }
}

/// The answer to a result batch, sent only after the batch is committed: every id listed is stored and the
/// agent may drop it from its spool.
public struct AgentResultAck: Sendable, Hashable, Codable {
    /// Ids stored by this request.
    public var accepted: [String]
    /// Ids that were already stored (a retried batch).
    public var duplicates: [String]

    public init(accepted: [String], duplicates: [String]) {
        self.accepted = accepted
        self.duplicates = duplicates
    }
}
