import Logging
import ServiceLifecycle
import XCheckProtocol

/// Hands the jobs of due monitored targets to every live agent. Any number of replicas may run it: due
/// targets are taken with `FOR UPDATE SKIP LOCKED`.
struct SchedulerService: Service {
  let targets: TargetStore
  let configuration: CoordinatorConfiguration
  let logger: Logger

  func run() async throws {
    // Cancelled at graceful shutdown: the sleep throws and the loop ends at once.
    try? await cancelWhenGracefulShutdown {
      try await self.loop()
    }
  }

  private func loop() async throws {
    let offline = Int(self.configuration.agentOfflineAfter.components.seconds)
    while !Task.isCancelled {
      do {
        let woken = try await self.targets.scheduleDue(limit: 100, offlineAfterSeconds: offline)
        if !woken.isEmpty {
          self.logger.debug("scheduled monitored checks", metadata: ["agents": "\(woken.count)"])
        }
      } catch {
        self.logger.warning("scheduling failed; retrying", metadata: ["error": "\(error)"])
      }
      try await Task.sleep(for: self.configuration.schedulerInterval)
    }
  }
}
