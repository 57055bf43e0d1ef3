public import XCheckModel

/// A page of a target's results, oldest first: `GET /v1/targets/{id}/history?since=&after=&limit=`.
public struct HistoryPage: Sendable, Codable {
    public struct Entry: Sendable, Codable {
        public var resultID: String
        public var agent: CheckDocument.AgentRef
        public var startedAt: Int64
        public var result: ProbeResult
        public var confirmation: ProbeResult?

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
}
