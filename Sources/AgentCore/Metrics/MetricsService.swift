import ServiceLifecycle

/// Keeps a started ``MetricsServer`` running until graceful shutdown (a `Service`).
final class MetricsService: Service {
    private let server: MetricsServer

    init(server: MetricsServer) {
        self.server = server
    }

    func run() async throws {
        try? await gracefulShutdown()
        await self.server.stop()
    }
}
