public import Prometheus
import XCheckProtocol

/// The coordinator's Prometheus metrics: requests by route and status, results ingested, jobs pending,
/// agents online, check durations. Served at `/metrics`.
public struct CoordinatorMetrics: Sendable {
    /// The registry the metrics live in.
    public let registry: PrometheusCollectorRegistry
    let resultsIngested: Counter
    let resultsDuplicate: Counter
    let jobsPending: Gauge
    let agentsOnline: Gauge
    let checkDuration: ValueHistogram

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.resultsIngested = registry.makeCounter(name: "xcheck_results_ingested_total", help: "Results stored from agents.")
        self.resultsDuplicate = registry.makeCounter(name: "xcheck_results_duplicate_total", help: "Results received again (retried batches), not stored twice.")
        self.jobsPending = registry.makeGauge(name: "xcheck_jobs_pending", help: "Jobs waiting for an agent.")
        self.agentsOnline = registry.makeGauge(name: "xcheck_agents_online", help: "Agents seen within the offline threshold.")
        self.checkDuration = registry.makeValueHistogram(
            name: "xcheck_check_duration_seconds",
            buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
            help: "Total time of the checks agents report.")
    }

    func recordIngest(batch: AgentResultBatch, accepted: Int) {
        self.resultsIngested.increment(by: Int64(accepted))
        self.resultsDuplicate.increment(by: Int64(batch.results.count - accepted))
        for item in batch.results {
            if let total = item.result.timings.total { self.checkDuration.record(total / 1000) }
        }
    }

    /// Counts one answered request.
    func recordRequest(route: String, method: String, status: Int, seconds: Double) {
        self.registry.makeCounter(
            name: "xcheck_http_requests_total",
            labels: [("route", route), ("method", method), ("status", String(status))],
            help: "HTTP requests answered, by route, method and status."
        ).increment()
    }

    /// The exposition text.
    public func render() -> [UInt8] {
        var buffer: [UInt8] = []
        self.registry.emit(into: &buffer)
        return buffer
    }
}
