import Logging
import ServiceLifecycle
import XCheckProtocol

/// Evaluates the verdict of every target an alert watches: at once when results for it arrive (through the
/// notification hub, from any replica) and every `alertEvaluationInterval`, feeding the target's
/// ``AlertTracker``. Replicas share the work safely: a target's tracker row is locked with `SKIP LOCKED`.
struct AlertEvaluatorService: Service {
    let alerts: AlertStore
    let targets: TargetStore
    let hub: NotificationHub
    let configuration: CoordinatorConfiguration
    let logger: Logger

    var settings: AlertTracker.Settings {
        AlertTracker.Settings(
            confirmations: self.configuration.alertConfirmations,
            confirmationTime: Self.seconds(self.configuration.alertConfirmationTime),
            quietPeriod: Self.seconds(self.configuration.alertQuietPeriod))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    func run() async throws {
        // Cancelled at graceful shutdown: the wait ends and the loop stops.
        try? await cancelWhenGracefulShutdown {
            try await self.loop()
        }
        // The loop also ends when the notification hub stops, which a service group does first at shutdown:
        // returning before this service's own turn would count as finishing unexpectedly (a failed exit).
        try? await gracefulShutdown()
    }

    private func loop() async throws {
        var lastSweep: ContinuousClock.Instant?
        while !Task.isCancelled {
            let mark = self.hub.mark()
            let notified = self.hub.takeNotifiedTargets()
            let sweep = lastSweep.map { ContinuousClock.now - $0 >= self.configuration.alertEvaluationInterval } ?? true
            do {
                // A wake-up without targets (a reconnection of the hub) also sweeps: notifications may be lost.
                if sweep || notified.isEmpty {
                    lastSweep = .now
                    try await self.evaluate(try await self.alerts.watchedTargets())
                } else {
                    try await self.evaluate(try await self.alerts.watchedTargets(only: notified.sorted()))
                }
            } catch {
                self.logger.warning("alert evaluation failed; retrying", metadata: ["error": "\(error)"])
            }
            if Task.isCancelled || self.hub.isStopped { return }
            await self.hub.wait(for: NotificationHub.targetResultsKey, since: mark, timeout: self.configuration.alertEvaluationInterval)
        }
    }

    /// One observation per target.
    func evaluate(_ watched: [AlertStore.WatchedTarget]) async throws {
        let offline = Int(self.configuration.agentOfflineAfter.components.seconds)
        for target in watched {
            if Task.isCancelled { return }
            let time = try await self.alerts.now()
            let current = try await self.targets.currentVerdict(
                id: target.id, windowSeconds: TargetStore.defaultVerdictWindow(intervalSeconds: target.intervalSeconds),
                offlineAfterSeconds: offline)
            let decision = try await self.alerts.observe(
                target: target, verdict: current.verdict, evidence: current.evidence, at: time, settings: self.settings)
            switch decision {
            case .alert(let before, let after):
                self.logger.info(
                    "alert: verdict changed",
                    metadata: ["target": "\(target.id)", "before": "\(before.verdict.rawValue)", "after": "\(after.verdict.rawValue)"])
            case .baseline(let state):
                self.logger.debug("alert baseline", metadata: ["target": "\(target.id)", "verdict": "\(state.verdict.rawValue)"])
            default:
                break
            }
        }
    }
}
