import CoordinatorCore
import Hummingbird
import LibPQ
import Logging
import ServiceLifecycle
import XCheckTestSupport

/// A coordinator running in the test process: the real Hummingbird server on 127.0.0.1 with an ephemeral port,
/// the real background services, and a libpq pool on the test's database.
final class InProcessCoordinator: Sendable {
    let coordinator: Coordinator
    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    var baseURL: String { "http://127.0.0.1:\(self.port)" }

    private init(coordinator: Coordinator, port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.coordinator = coordinator
        self.port = port
        self.group = group
        self.task = task
    }

    /// Settings for tests: port 0 on loopback, quick background loops.
    static func testConfiguration() -> CoordinatorConfiguration {
        var configuration = CoordinatorConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.schedulerInterval = .milliseconds(200)
        configuration.maintenanceInterval = .milliseconds(500)
        return configuration
    }

    static func logger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = TestEnvironment.variable("XCHECK_TEST_LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? .error
        return logger
    }

    /// Creates the coordinator, applies the migrations (unless `migrate` is false) and starts serving.
    static func start(
        database: PostgresConnection.Configuration, cipher: CredentialCipher, migrate: Bool = true,
        label: String = "coordinator", configure: (inout CoordinatorConfiguration) -> Void = { _ in }
    ) async throws -> InProcessCoordinator {
        var configuration = Self.testConfiguration()
        configure(&configuration)
        let logger = Self.logger("xcheck-test-\(label)")
        let coordinator = Coordinator(configuration: configuration, database: database, cipher: cipher, logger: logger)
        do {
            if migrate {
                let migrations = try TestSettings.migrations()
                try await bounded(.seconds(60), "migrations of \(label)") {
                    try await coordinator.prepareDatabase(migrations: migrations)
                }
            }
            let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
            let application = coordinator.application { port in portContinuation.yield(port) }
            // A service group of our own (no signal handlers in the test process), stopped gracefully.
            let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
            let task = Task {
                defer { portContinuation.finish() }
                try await group.run()
            }
            let port = try await bounded(.seconds(60), "\(label) listening") { () -> Int? in
                for await port in ports { return port }
                return nil
            }
            guard let port, port > 0 else {
                task.cancel()
                let outcome = await Result(catching: { try await task.value })
                throw HTTPClient.Failure(description: "\(label) did not start: \(outcome)")
            }
            return InProcessCoordinator(coordinator: coordinator, port: port, group: group, task: task)
        } catch {
            await coordinator.shutdown()
            throw error
        }
    }

    /// Stops the server and the services: a graceful shutdown first, which closes the listening socket, then
    /// cancellation if requests are still held (a long-poll whose client went away is only answered at its
    /// deadline); then closes the pool. Never cancellation alone: stopping Hummingbird 2.28 by cancellation while
    /// a connection is being accepted trips NIO's "Deinited NIOAsyncWriter without calling finish()"
    /// precondition and kills the test process.
    func stop() async {
        let task = self.task
        await self.group.triggerGracefulShutdown()
        let ended = (try? await bounded(.seconds(3), "coordinator graceful stop") { _ = try? await task.value }) != nil
        if !ended {
            task.cancel()
            _ = try? await bounded(.seconds(30), "coordinator stop") { _ = try? await task.value }
        }
        _ = try? await bounded(.seconds(30), "coordinator pool shutdown") { await self.coordinator.shutdown() }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
