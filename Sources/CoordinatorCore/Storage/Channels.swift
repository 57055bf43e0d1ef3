import XCheckProtocol
/// The PostgreSQL NOTIFY channels coordinators use to wake each other's waiters.
enum Channels {
    /// Payload: an agent id. Jobs are waiting for that agent.
    static let jobs = "xcheck_jobs"
    /// Payload: an ad-hoc check id. A result for that check was stored.
    static let results = "xcheck_results"
    /// Payload: a target id. A monitored result for that target was stored (alerts evaluate it).
    static let targetResults = "xcheck_target_results"
    /// Payload: a target id. Alert deliveries were queued.
    static let alertDeliveries = "xcheck_alert_deliveries"
}
