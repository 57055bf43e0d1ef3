import XCheckProtocol

/// Everything the status page's front page shows.
struct StatusOverview: Sendable {
    /// When the page was made (epoch seconds).
    var now: Int64
    var viewer: StatusViewer
    var targets: [TargetStatus]
    /// The enrolled agents that are not revoked.
    var agents: [AgentRecord]
}
