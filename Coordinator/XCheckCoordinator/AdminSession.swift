import CoordinatorCore
import Logging

/// Opens the database for one admin command (starting the embedded cluster if needed), applies the
/// migrations, runs the command and closes everything again.
enum AdminSession {
    static func with<T: Sendable>(_ options: DatabaseOptions, _ body: (Coordinator) async throws -> T) async throws -> T {
        var logger = Logger(label: "xcheck-coordinator")
        logger.logLevel = .warning
        let cipher = try options.cipher()
        let (connection, embedded) = try await options.open(logger: logger)
        let coordinator = Coordinator(configuration: CoordinatorConfiguration(), database: connection, cipher: cipher, logger: logger)
        do {
            try await coordinator.prepareDatabase(migrations: try DatabaseOptions.migrations())
            let value = try await body(coordinator)
            await coordinator.shutdown()
            await embedded?.stop()
            return value
        } catch {
            await coordinator.shutdown()
            await embedded?.stop()
            throw error
        }
    }
}
