public import XCheckVerdict

/// `GET /v1/targets/{id}/verdict`: the verdict of each agent's latest result for the target within a window.
public struct TargetVerdictDocument: Sendable, Codable {
    public var targetID: Int64
    /// Results older than this many seconds are not used.
    public var windowSeconds: Int
    public var verdict: Verdict

    public init(targetID: Int64, windowSeconds: Int, verdict: Verdict) {
        self.targetID = targetID
        self.windowSeconds = windowSeconds
        self.verdict = verdict
    }

    enum CodingKeys: String, CodingKey {
        case targetID = "target_id"
        case windowSeconds = "window_seconds"
        case verdict
    }
}
