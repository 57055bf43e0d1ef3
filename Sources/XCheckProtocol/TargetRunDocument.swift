/// The answer to `POST /v1/targets/{id}/run`: the target's run started now, with a job for each live agent
/// in its regions. Results arrive in the target's history and verdict as usual.
public struct TargetRunDocument: Sendable, Hashable, Codable {
    public var targetID: Int64
    /// Agents that got a job.
    public var agents: Int

    public init(targetID: Int64, agents: Int) {
        self.targetID = targetID
        self.agents = agents
    }

    enum CodingKeys: String, CodingKey {
        case targetID = "target_id"
        case agents
    }
}
