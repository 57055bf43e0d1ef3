public import Hummingbird
public import LibPQ
public import Logging
public import ServiceLifecycle

/// A coordinator: the HTTP API on Hummingbird, the stores on a libpq pool, the notification hub and the
/// background services. It keeps no state outside PostgreSQL, so any number of replicas can serve the same
/// agents and users.
public struct Coordinator: Sendable {
    public let configuration: CoordinatorConfiguration
    public let pool: PostgresConnectionPool
    public let metrics: CoordinatorMetrics
    public let agents: AgentStore
    public let tokens: TokenStore
    let jobs: JobStore
    let results: ResultStore
    let checks: CheckStore
    let targets: TargetStore
    let alerts: AlertStore
    let partitions: PartitionMaintainer
    let status: StatusStore
    let hub: NotificationHub
    let logger: Logger

    /// - Parameters:
    ///   - database: how to connect to PostgreSQL.
    ///   - cipher: the credential key (shared by every replica).
    public init(
        configuration: CoordinatorConfiguration, database: PostgresConnection.Configuration, cipher: CredentialCipher,
        metrics: CoordinatorMetrics = CoordinatorMetrics(), logger: Logger
    ) {
        var poolConfiguration = PostgresConnectionPool.Configuration(connection: database)
        poolConfiguration.maximumConnections = 20
        poolConfiguration.acquireTimeout = .seconds(5)
        let pool = PostgresConnectionPool(configuration: poolConfiguration)
        self.configuration = configuration
        self.pool = pool
        self.metrics = metrics
        let offline = Int(configuration.agentOfflineAfter.components.seconds)
        self.agents = AgentStore(pool: pool, offlineAfterSeconds: offline)
        self.tokens = TokenStore(pool: pool)
        self.jobs = JobStore(pool: pool)
        self.results = ResultStore(pool: pool)
        self.checks = CheckStore(pool: pool, cipher: cipher, configuration: configuration)
        self.targets = TargetStore(pool: pool, cipher: cipher)
        self.alerts = AlertStore(pool: pool, cipher: cipher)
        self.status = StatusStore(pool: pool)
        self.partitions = PartitionMaintainer(pool: pool, daysAhead: configuration.partitionsAhead, retentionDays: configuration.retentionDays)
        self.hub = NotificationHub(connection: database, logger: logger)
        self.logger = logger
        self.cipher = cipher
    }

    let cipher: CredentialCipher

    /// Applies the schema migrations (one transaction, under an advisory lock: replicas may start together)
    /// and creates the result partitions.
    public func prepareDatabase(migrations: [Migration]) async throws {
        let applied = try await PostgresMigrator.apply(pool: self.pool, migrations: migrations)
        if !applied.isEmpty { self.logger.info("schema migrations applied", metadata: ["versions": "\(applied)"]) }
        try await self.partitions.run()
    }

    /// The router with every route and middleware.
    public func router() -> Router<CoordinatorRequestContext> {
        let router = Router(context: CoordinatorRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: self.metrics))
        router.add(middleware: ErrorMiddleware())

        let operations = OperationsRoutes(pool: self.pool, metrics: self.metrics)
        router.get("healthz", use: operations.health)
        router.get("metrics", use: operations.prometheus)
        router.get("openapi.json", use: operations.openAPI)

        let agentAPI = router.group("v1/agent").add(middleware: AuthMiddleware(requirement: .agent, agents: self.agents, tokens: self.tokens))
        AgentRoutes(
            agents: self.agents, jobs: self.jobs, results: self.results, cipher: self.cipher, hub: self.hub,
            configuration: self.configuration, metrics: self.metrics
        ).add(to: agentAPI)

        let checkRoutes = CheckRoutes(checks: self.checks, hub: self.hub, configuration: self.configuration)
        let targetRoutes = TargetRoutes(targets: self.targets, configuration: self.configuration)
        let agentList = AgentListRoutes(agents: self.agents)

        let readers = router.group("v1").add(middleware: AuthMiddleware(requirement: .user(.read), agents: self.agents, tokens: self.tokens))
        readers.get("checks/:id", use: checkRoutes.get)
        readers.get("targets", use: targetRoutes.list)
        readers.get("targets/:id", use: targetRoutes.get)
        readers.get("targets/:id/history", use: targetRoutes.history)
        readers.get("targets/:id/verdict", use: targetRoutes.verdict)
        readers.get("agents", use: agentList.list)

        let checkers = router.group("v1/checks").add(middleware: AuthMiddleware(requirement: .user(.check), agents: self.agents, tokens: self.tokens))
        checkers.post(use: checkRoutes.create)

        let admins = router.group("v1/targets").add(middleware: AuthMiddleware(requirement: .user(.admin), agents: self.agents, tokens: self.tokens))
        admins.post(use: targetRoutes.create)
        admins.delete(":id", use: targetRoutes.delete)
        admins.post(":id/run", use: targetRoutes.run)

        let alertRoutes = AlertRoutes(alerts: self.alerts, targets: self.targets, configuration: self.configuration)
        admins.get(":id/deliveries", use: alertRoutes.deliveries)
        let alertAdmins = router.group("v1/alerts").add(middleware: AuthMiddleware(requirement: .user(.admin), agents: self.agents, tokens: self.tokens))
        alertAdmins.post(use: alertRoutes.create)
        alertAdmins.get(use: alertRoutes.list)
        alertAdmins.delete(":id", use: alertRoutes.delete)
        // The status page (HTML; its own access rules: public targets for all, private ones for readers).
        StatusPageRoutes(status: self.status, agents: self.agents, tokens: self.tokens, configuration: self.configuration).add(to: router)
        return router
    }

    /// The background services that run beside the HTTP server.
    /// In start order; a service group stops them in reverse, so the hub (which ends held long-polls) stops
    /// first.
    public var services: [any Service] {
        [
            SchedulerService(targets: self.targets, configuration: self.configuration, logger: self.logger),
            AlertEvaluatorService(
                alerts: self.alerts, targets: self.targets, hub: self.hub, configuration: self.configuration, logger: self.logger),
            AlertDeliveryService(
                alerts: self.alerts, hub: self.hub, cipher: self.cipher, configuration: self.configuration, logger: self.logger),
            MaintenanceService(
                jobs: self.jobs, agents: self.agents, partitions: self.partitions, metrics: self.metrics,
                configuration: self.configuration, logger: self.logger),
            self.hub,
        ]
    }

    /// The Hummingbird application: the HTTP server plus, unless `includingServices` is false, the background
    /// services, in one service group with graceful shutdown (the caller runs it with `runService()`).
    ///
    /// A caller that builds its own service group passes false and lists ``services`` AFTER the application:
    /// a service group stops its services in reverse order, and the notification hub must stop before the
    /// HTTP server drains, so that held long-polls answer at once instead of running out their 25 s.
    public func application(
        includingServices: Bool = true, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: self.router(),
            configuration: ApplicationConfiguration(address: .hostname(self.configuration.host, port: self.configuration.port), serverName: "xcheck-coordinator"),
            services: includingServices ? self.services : [],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: self.logger)
    }

    /// Closes the pool (after the application stopped).
    public func shutdown() async {
        await self.pool.shutdown()
    }
}
