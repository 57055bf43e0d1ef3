import Logging
import ServiceLifecycle
import XCheckProtocol

/// Sends spooled results to the coordinator in order, in batches (a `Service`), and removes each from the
/// spool once the coordinator acknowledges it. While the coordinator cannot be reached it backs off with
/// jitter; when a heartbeat or poll finds it back, the spool is replayed at once. At graceful shutdown it
/// makes one last, time-limited attempt; whatever is left stays spooled for the next start.
final class ResultReporter: Service {
    struct Settings: Sendable {
        var batchSize: Int
        var batchBytes: Int
        var retry: RetryPolicy
        var flushTimeout: Duration
    }

    private enum Attempt {
        /// Everything in the batch was acknowledged.
        case done
        /// Send again at once (smaller batch, or a refused result was set aside).
        case again
        /// Wait (back-off), then send again.
        case backOff
        case fatal(CoordinatorError)
        case cancelled
    }

    private let client: CoordinatorClient
    private let spool: Spool
    private let status: CoordinatorStatus
    private let metrics: AgentMetrics
    private let resultsWaiting: Doorbell
    private let settings: Settings
    private let logger: Logger

    init(
        client: CoordinatorClient, spool: Spool, status: CoordinatorStatus, metrics: AgentMetrics,
        resultsWaiting: Doorbell, settings: Settings, logger: Logger
    ) {
        self.client = client
        self.spool = spool
        self.status = status
        self.metrics = metrics
        self.resultsWaiting = resultsWaiting
        self.settings = settings
        self.logger = logger
    }

    func run() async throws {
        var failures = 0
        var batchLimit = self.settings.batchSize
        loop: while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let batch = try await self.spool.pending(limit: batchLimit, maxBytes: self.settings.batchBytes)
            if batch.isEmpty {
                do {
                    try await cancelWhenGracefulShutdown { try await self.resultsWaiting.wait() }
                } catch {
                    break loop
                }
                continue
            }
            switch await self.send(batch, batchLimit: &batchLimit) {
            case .done, .again:
                failures = 0
            case .backOff:
                failures += 1
                let delay = self.settings.retry.delay(attempt: failures)
                do {
                    _ = try await cancelWhenGracefulShutdown { try await self.status.reconnected.wait(timeout: delay) }
                } catch {
                    break loop
                }
            case .fatal(let error):
                throw error
            case .cancelled:
                break loop
            }
        }
        await self.flush()
    }

    /// Sends one batch and acknowledges what the coordinator stored.
    private func send(_ batch: [AgentResult], batchLimit: inout Int) async -> Attempt {
        do {
            let ack = try await self.client.sendResults(AgentResultBatch(results: batch))
            self.status.succeeded(CoordinatorClient.resultsPath)
            let sent = Set(batch.map(\.resultID))
            let stored = Set(ack.accepted + ack.duplicates).intersection(sent)
            try await self.spool.acknowledge(stored)
            self.metrics.recordAcknowledged(stored.count)
            batchLimit = min(self.settings.batchSize, batchLimit * 2)
            self.logger.debug(
                "results acknowledged",
                metadata: ["sent": "\(batch.count)", "accepted": "\(ack.accepted.count)", "duplicates": "\(ack.duplicates.count)"]
            )
            guard stored.count == sent.count else {
                self.logger.warning(
                    "the coordinator acknowledged only part of a batch; the rest stays spooled and is sent again",
                    metadata: ["sent": "\(sent.count)", "acknowledged": "\(stored.count)"]
                )
                return .backOff
            }
            return .done
        } catch let error as CoordinatorError {
            self.status.failed(CoordinatorClient.resultsPath, error)
            if error.isFatal { return .fatal(error) }
            if error.code == .payloadTooLarge || error.code == .badRequest {
                if batch.count > 1 {
                    batchLimit = max(1, batch.count / 2)
                    self.logger.notice(
                        "the coordinator refused a batch; sending smaller batches to find the result at fault",
                        metadata: ["error": "\(error)", "batch": "\(batch.count)", "next_batch": "\(batchLimit)"]
                    )
                    return .again
                }
                do {
                    try await self.spool.discard(batch[0].resultID, reason: error.description)
                } catch {
                    return .backOff
                }
                return .again
            }
            return .backOff
        } catch is CancellationError {
            return .cancelled
        } catch {
            self.logger.error("the spool failed while acknowledging results", metadata: ["error": "\(error)"])
            return .backOff
        }
    }

    /// One last attempt at shutdown, limited to the flush timeout, when the coordinator was reachable.
    private func flush() async {
        let waiting = await self.spool.depth
        guard waiting > 0 else { return }
        guard !self.status.isFailing else {
            self.logger.notice("results stay in the spool for the next start", metadata: ["waiting": "\(waiting)"])
            return
        }
        let timeout = self.settings.flushTimeout
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var batchLimit = self.settings.batchSize
                while !Task.isCancelled {
                    guard let batch = try? await self.spool.pending(limit: batchLimit, maxBytes: self.settings.batchBytes),
                        !batch.isEmpty
                    else { return }
                    switch await self.send(batch, batchLimit: &batchLimit) {
                    case .done, .again: continue
                    case .backOff, .fatal, .cancelled: return
                    }
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        let left = await self.spool.depth
        if left > 0 {
            self.logger.notice("results stay in the spool for the next start", metadata: ["waiting": "\(left)"])
        }
    }
}
