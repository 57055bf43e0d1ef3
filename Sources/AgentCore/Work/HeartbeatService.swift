import Logging
import ServiceLifecycle
import XCheckProtocol

/// Sends a heartbeat at start and every interval (a `Service`): version, checks in flight, capacity, spool
/// depth and drops. It also records the coordinator's clock and refreshes the SSRF guard's own addresses.
final class HeartbeatService: Service {
    private let client: CoordinatorClient
    private let spool: Spool
    private let tracker: InFlightTracker
    private let status: CoordinatorStatus
    private let addressGuard: TargetAddressGuard
    private let interval: Duration
    private let logger: Logger

    init(
        client: CoordinatorClient, spool: Spool, tracker: InFlightTracker, status: CoordinatorStatus,
        addressGuard: TargetAddressGuard, interval: Duration, logger: Logger
    ) {
        self.client = client
        self.spool = spool
        self.tracker = tracker
        self.status = status
        self.addressGuard = addressGuard
        self.interval = interval
        self.logger = logger
    }

    func run() async throws {
        var registered = false
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            self.addressGuard.refreshOwnAddresses()
            let stats = await self.spool.stats
            let heartbeat = AgentHeartbeat(
                version: AgentVersion.current, inFlight: self.tracker.inFlight, maxConcurrency: self.tracker.capacity,
                spoolDepth: stats.depth, spoolDropped: stats.dropped
            )
            do {
                let answer = try await cancelWhenGracefulShutdown { try await self.client.heartbeat(heartbeat) }
                self.status.succeeded(CoordinatorClient.heartbeatPath)
                self.status.recordServerTime(answer.serverTime)
                if !registered {
                    registered = true
                    self.logger.notice(
                        "the coordinator knows this agent",
                        metadata: [
                            "name": "\(answer.name)", "region": "\(answer.region)", "network": "\(answer.network)",
                            "observed_address": "\(answer.observedAddress ?? "-")",
                        ]
                    )
                }
            } catch let error as CoordinatorError {
                self.status.failed(CoordinatorClient.heartbeatPath, error)
                if error.isFatal { throw error }
            } catch {
                return  // cancelled by the graceful shutdown
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
            } catch {
                return
            }
        }
    }
}
