import Logging
import ServiceLifecycle
import XCheckProtocol

/// Periodic upkeep: expires jobs and ad-hoc checks past their deadline (removing their passwords), keeps
/// the result partitions (hourly), and refreshes the gauges.
struct MaintenanceService: Service {
  let jobs: JobStore
  let agents: AgentStore
  let partitions: PartitionMaintainer
  let metrics: CoordinatorMetrics
  let configuration: CoordinatorConfiguration
  let logger: Logger

  func run() async throws {
    // Cancelled at graceful shutdown: the sleep throws and the loop ends at once.
    try? await cancelWhenGracefulShutdown {
      try await self.loop()
    }
  }

  private func loop() async throws {
    var lastPartitionRun: ContinuousClock.Instant?
    while !Task.isCancelled {
      do {
        if lastPartitionRun == nil || ContinuousClock.now - lastPartitionRun! > .seconds(3600) {
          let report = try await self.partitions.run()
          lastPartitionRun = .now
          if !report.created.isEmpty || !report.dropped.isEmpty {
            self.logger.info(
              "result partitions",
              metadata: ["created": "\(report.created)", "dropped": "\(report.dropped)"])
          }
        }
        let expired = try await self.jobs.expire(retentionDays: self.configuration.retentionDays)
        if expired > 0 {
          self.logger.info("jobs expired without an answer", metadata: ["count": "\(expired)"])
        }
        self.metrics.jobsPending.set(to: Double(try await self.jobs.pendingCount()))
        self.metrics.agentsOnline.set(
          to: Double(try await self.agents.list().filter(\.online).count))
      } catch {
        self.logger.warning("maintenance failed; retrying", metadata: ["error": "\(error)"])
      }
      try await Task.sleep(for: self.configuration.maintenanceInterval)
    }
  }
}
