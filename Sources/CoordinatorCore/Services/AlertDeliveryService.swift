import Curl
import Logging
import ServiceLifecycle
import XCheckProtocol

/// Sends queued alert deliveries over libcurl, with exponential back-off: due rows are claimed with
/// `FOR UPDATE SKIP LOCKED` (replicas share them), sent at most a few at a time, and recorded as delivered,
/// failed, or pending again after the next delay (docs/alerts.md).
struct AlertDeliveryService: Service {
    let alerts: AlertStore
    let hub: NotificationHub
    let cipher: CredentialCipher
    let configuration: CoordinatorConfiguration
    let logger: Logger

    func run() async throws {
        let driver = try CurlDriver.start()
        let sender = AlertSender(driver: driver, cipher: self.cipher, configuration: self.configuration)
        try? await cancelWhenGracefulShutdown {
            try await self.loop(sender)
        }
        await driver.shutdown()
        // The loop also ends when the notification hub stops, which a service group does first at shutdown:
        // returning before this service's own turn would count as finishing unexpectedly (a failed exit).
        try? await gracefulShutdown()
    }

    private func loop(_ sender: AlertSender) async throws {
        // An attempt in flight keeps its row for the request's limit plus a margin; a worker that died
        // mid-attempt leaves it to be tried again after that.
        let lease = Int(self.configuration.alertRequestTimeout.components.seconds) + 30
        while !Task.isCancelled {
            let mark = self.hub.mark()
            var claimed: [AlertStore.ClaimedDelivery] = []
            do {
                claimed = try await self.alerts.claimDue(limit: 8, leaseSeconds: lease)
                await withTaskGroup(of: Void.self) { group in
                    for delivery in claimed {
                        group.addTask { await self.attempt(delivery, sender: sender) }
                    }
                }
            } catch {
                self.logger.warning("alert delivery failed; retrying", metadata: ["error": "\(error)"])
            }
            if Task.isCancelled || self.hub.isStopped { return }
            if claimed.isEmpty {
                await self.hub.wait(for: NotificationHub.alertDeliveriesKey, since: mark, timeout: self.configuration.alertDeliveryInterval)
            }
        }
    }

    private func attempt(_ delivery: AlertStore.ClaimedDelivery, sender: AlertSender) async {
        let attempt = await sender.send(delivery)
        let result: AlertStore.AttemptResult
        switch attempt.outcome {
        case .delivered:
            result = .delivered
        case .failed(let error):
            result = .failed(error: error)
        case .retry(let error):
            if let delay = AlertDeliveryPolicy.nextDelay(
                afterAttempts: delivery.attempts, delays: self.configuration.alertRetryDelays, retryAfterSeconds: attempt.retryAfterSeconds)
            {
                result = .retry(error: error, after: delay)
            } else {
                result = .failed(error: "gave up after \(delivery.attempts) attempts; last: \(error)")
            }
        }
        do {
            try await self.alerts.record(id: delivery.id, status: attempt.status, result: result)
        } catch {
            self.logger.warning("could not record an alert delivery", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
        }
        self.logger.info(
            "alert delivery attempt",
            metadata: ["delivery": "\(delivery.id)", "attempt": "\(delivery.attempts)", "status": "\(attempt.status.map(String.init) ?? "-")",
                       "result": "\(result)"])
    }
}
