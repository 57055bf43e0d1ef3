import Curl
public import Logging
import ServiceLifecycle
import Synchronization
import XCheckProbe

/// The whole agent: spool, libcurl driver, probe engine, coordinator client and the services (work loop,
/// result reporter, heartbeat, optional metrics listener) in one `ServiceGroup`.
///
/// ```swift
/// let agent = Agent(configuration: configuration, logger: logger)
/// try await agent.run()          // until SIGTERM/SIGINT, or `shutdown()`
/// ```
///
/// Tests start it in-process against a coordinator URL and stop it with ``shutdown()``; `run` then returns
/// after the graceful shutdown. `run` throws ``CoordinatorError`` when the coordinator refuses the token,
/// ``SpoolError`` when the spool cannot be opened, and ``SystemError`` when the metrics listener cannot bind.
public final class Agent: Sendable {
    private struct State {
        var group: ServiceGroup?
        var shutdownRequested = false
    }

    /// The settings in force.
    public let configuration: AgentConfiguration
    /// The agent's counters (also served on `/metrics` when configured).
    public let metrics: AgentMetrics
    /// The SSRF guard.
    public let addressGuard: TargetAddressGuard
    private let logger: Logger
    private let state = Mutex(State())
    private let metricsAddress = Mutex<ListenAddress?>(nil)

    /// - Parameters:
    ///   - configuration: the resolved settings.
    ///   - logger: the root logger (the token and job passwords are never logged).
    public init(configuration: AgentConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        let addressGuard = TargetAddressGuard(enabled: !configuration.allowPrivateTargets)
        self.addressGuard = addressGuard
        self.metrics = AgentMetrics(maxConcurrency: configuration.maxConcurrency) { addressGuard.refusedCount }
    }

    /// Where the metrics listener is bound, once it is (port 0 in the configuration picks a free one).
    public var boundMetricsAddress: ListenAddress? { self.metricsAddress.withLock { $0 } }

    /// Runs until a graceful shutdown: SIGTERM or SIGINT when `handleSignals`, or ``shutdown()``. Then it stops
    /// taking jobs, lets checks in flight finish within the shutdown deadline (else cancels them), makes one
    /// last attempt to send spooled results, flushes and closes the spool, and returns.
    public func run(handleSignals: Bool = true) async throws {
        let configuration = self.configuration
        self.logger.info(
            "xcheck-agent starting",
            metadata: ["version": "\(AgentVersion.current)", "configuration": "\(configuration)"]
        )
        if configuration.coordinatorURL.lowercased().hasPrefix("http://") {
            self.logger.warning("the coordinator URL is plain http: the token and job passwords travel unencrypted")
        }
        if configuration.allowPrivateTargets {
            self.logger.warning("the SSRF guard is lifted (--allow-private-targets): private and local addresses may be checked")
        }

        var spoolConfiguration = Spool.Configuration(directory: configuration.spoolDirectory)
        spoolConfiguration.maxBytes = configuration.spoolMaxBytes
        let metrics = self.metrics
        let spool = try await Spool.open(spoolConfiguration, logger: self.logger) { metrics.setSpool($0) }

        let driver: CurlDriver
        var metricsServer: MetricsServer?
        do {
            driver = try CurlDriver.start()
        } catch {
            await spool.close()
            throw error
        }
        do {
            if let address = configuration.metricsListen {
                if !address.isLoopback {
                    self.logger.warning("the metrics listener is not on a loopback address", metadata: ["address": "\(address)"])
                }
                metricsServer = try MetricsServer.start(address: address, logger: self.logger) {
                    metrics.snapshot.prometheusText()
                }
                self.metricsAddress.withLock { $0 = metricsServer?.address }
                self.logger.info("metrics listener started", metadata: ["address": "\(metricsServer!.address)"])
            }
        } catch {
            await driver.shutdown()
            await spool.close()
            throw error
        }

        let group = self.makeGroup(spool: spool, driver: driver, metricsServer: metricsServer, handleSignals: handleSignals)
        let stopAtOnce = self.state.withLock { state -> Bool in
            state.group = group
            return state.shutdownRequested
        }
        if stopAtOnce { await group.triggerGracefulShutdown() }

        var failure: (any Error)?
        do {
            try await group.run()
        } catch {
            failure = error
        }
        self.state.withLock { $0.group = nil }
        await metricsServer?.stop()
        await spool.close()
        await driver.shutdown()
        self.logger.info("xcheck-agent stopped")
        if let failure { throw failure }
    }

    /// Starts a graceful shutdown (as SIGTERM does). Safe before `run` and more than once.
    public func shutdown() async {
        let group = self.state.withLock { state -> ServiceGroup? in
            state.shutdownRequested = true
            return state.group
        }
        await group?.triggerGracefulShutdown()
    }

    private func makeGroup(
        spool: Spool, driver: CurlDriver, metricsServer: MetricsServer?, handleSignals: Bool
    ) -> ServiceGroup {
        let configuration = self.configuration
        let metrics = self.metrics
        var probe = configuration.probe
        probe.addressPolicy = self.addressGuard.addressPolicy
        let engine = ProbeEngine(driver: driver, configuration: probe)

        var clientConfiguration = CoordinatorClient.Configuration(
            baseURL: configuration.coordinatorURL, token: configuration.token
        )
        clientConfiguration.requestTimeout = configuration.requestTimeout
        clientConfiguration.caFile = configuration.coordinatorCAFile
        let client = CoordinatorClient(driver: driver, configuration: clientConfiguration)

        let status = CoordinatorStatus(logger: self.logger, metrics: metrics)
        let tracker = InFlightTracker(capacity: configuration.maxConcurrency) { metrics.setInFlight($0) }
        let resultsWaiting = Doorbell()
        let runner = JobRunner(engine: engine, now: { status.coordinatorNow() })

        let reporter = ResultReporter(
            client: client, spool: spool, status: status, metrics: metrics, resultsWaiting: resultsWaiting,
            settings: .init(
                batchSize: max(1, min(500, configuration.resultBatchSize)), batchBytes: configuration.resultBatchBytes,
                retry: configuration.retry, flushTimeout: configuration.flushTimeout
            ),
            logger: self.logger
        )
        let heartbeat = HeartbeatService(
            client: client, spool: spool, tracker: tracker, status: status, addressGuard: self.addressGuard,
            interval: configuration.heartbeatInterval, logger: self.logger
        )
        let workLoop = WorkLoop(
            client: client, runner: runner, spool: spool, tracker: tracker, status: status, metrics: metrics,
            resultsWaiting: resultsWaiting,
            settings: .init(
                pollWaitSeconds: max(0, min(25, configuration.pollWaitSeconds)), retry: configuration.retry,
                shutdownDeadline: configuration.shutdownDeadline
            ),
            logger: self.logger
        )

        // Shutdown runs in reverse: the work loop first (stop taking jobs, drain), then the heartbeat, the
        // reporter (last flush), and the metrics listener last.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let metricsServer {
            services.append(.init(service: MetricsService(server: metricsServer), failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: "metrics"))
        }
        services.append(.init(service: reporter, failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: "reporter"))
        services.append(.init(service: heartbeat, failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: "heartbeat"))
        services.append(.init(service: workLoop, failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: "work-loop"))

        var groupConfiguration = ServiceGroupConfiguration(services: services, logger: self.logger)
        if handleSignals {
            groupConfiguration.gracefulShutdownSignals = [.sigterm, .sigint]
        }
        groupConfiguration.maximumGracefulShutdownDuration =
            configuration.shutdownDeadline + configuration.flushTimeout + .seconds(10)
        groupConfiguration.maximumCancellationDuration = .seconds(5)
        return ServiceGroup(configuration: groupConfiguration)
    }
}
