public import XCheckModel

/// A page of a target's results, oldest first: `GET /v1/targets/{id}/history?since=&after=&limit=`.
public struct HistoryPage: Sendable, Codable {
    public struct Entry: Sendable, Codable {
        public var resultID: String
        public var agent: CheckDocument.AgentRef
        public var startedAt: Int64
        public var result: ProbeResult
        public var confirmation: ProbeResult?

        public init(resultID: String, agent: CheckDocument.AgentRef, startedAt: Int64, result: ProbeResult, confirmation: ProbeResult?) {
            self.resultID = resultID
            self.agent = agent
            self.startedAt = startedAt
            self.result = result
            self.confirmation = confirmation
        }

        enum CodingKeys: String, CodingKey {
            case resultID = "result_id"
            case agent
            case startedAt = "started_at"
            case result, confirmation
        }
    }

    public var results: [Entry]
    /// Pass as `after` for the next page; nil on the last page.
    public var next: String?

    public init(results: [Entry], next: String?) {
        self.results = results
        self.next = next
    }

    enum CodingKeys: String, CodingKey { case results, next }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.results, forKey: .results)
        try c.encode(self.next, forKey: .next)
    }
}
