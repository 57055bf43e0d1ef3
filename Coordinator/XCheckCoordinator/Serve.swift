import ArgumentParser
import CoordinatorCore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

extension XCheckCoordinator {
    /// `serve`: runs the HTTP API and the background services until SIGTERM or SIGINT.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the coordinator (the default command).")

        @Option(name: .long, help: ArgumentHelp("Address and port to listen on.", valueName: "ADDR:PORT"))
        var listen: String = "127.0.0.1:8480"

        @OptionGroup var database: DatabaseOptions

        @Option(name: .long, help: "Days of results to keep.")
        var retentionDays: Int = 30

        @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
        var logLevel: String = "info"

        @Flag(name: .long, help: "Mark the status page's sign-in cookie Secure (users reach the coordinator over HTTPS, e.g. behind a TLS proxy).")
        var secureCookies = false

        @Option(name: .long, help: "Alerts: evaluations with new results that must agree before a verdict change is alerted.")
        var alertConfirmations: Int = 2

        @Option(name: .long, help: ArgumentHelp("Alerts: the least time those evaluations must span.", valueName: "seconds"))
        var alertConfirmationSeconds: Int = 60

        @Option(name: .long, help: ArgumentHelp("Alerts: after an alert, further changes of the same target wait this long.", valueName: "seconds"))
        var alertQuietSeconds: Int = 600

        func validate() throws {
            _ = try Self.split(self.listen)
            guard (1...20).contains(self.alertConfirmations) else { throw ValidationError("--alert-confirmations must be 1 to 20") }
            guard (0...86_400).contains(self.alertConfirmationSeconds) else { throw ValidationError("--alert-confirmation-seconds must be 0 to 86400") }
            guard (0...86_400).contains(self.alertQuietSeconds) else { throw ValidationError("--alert-quiet-seconds must be 0 to 86400") }
            guard (1...3650).contains(self.retentionDays) else { throw ValidationError("--retention-days must be 1 to 3650") }
            guard Logger.Level(rawValue: self.logLevel) != nil else { throw ValidationError("unknown --log-level '\(self.logLevel)'") }
        }

        static func split(_ listen: String) throws -> (String, Int) {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else {
                throw ValidationError("--listen takes ADDR:PORT, for example 127.0.0.1:8480")
            }
            var host = String(listen[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { throw ValidationError("--listen needs an address, for example 0.0.0.0:8480") }
            return (host, port)
        }

        func run() async throws {
            var logger = Logger(label: "xcheck-coordinator")
            logger.logLevel = Logger.Level(rawValue: self.logLevel) ?? .info
            let (host, port) = try Self.split(self.listen)
            var configuration = CoordinatorConfiguration()
            configuration.host = host
            configuration.port = port
            configuration.retentionDays = self.retentionDays
            configuration.secureCookies = self.secureCookies
            configuration.alertConfirmations = self.alertConfirmations
            configuration.alertConfirmationTime = .seconds(self.alertConfirmationSeconds)
            configuration.alertQuietPeriod = .seconds(self.alertQuietSeconds)

            let cipher = try self.database.cipher()
            let (connection, embedded) = try await self.database.open(logger: logger)
            let coordinator = Coordinator(configuration: configuration, database: connection, cipher: cipher, logger: logger)
            do {
                try await coordinator.prepareDatabase(migrations: try DatabaseOptions.migrations())
                let announce = logger
                let app = coordinator.application(includingServices: false) { boundPort in
                    announce.info("listening", metadata: ["address": "\(host):\(boundPort)"])
                    // One line on stdout for scripts and tests that started the coordinator on port 0.
                    StandardOutput.line("listening http://\(host.contains(":") ? "[\(host)]" : host):\(boundPort)")
                }
                // Stopped in reverse: the hub first (held long-polls answer at once), the HTTP server, and the
                // embedded PostgreSQL last.
                var services: [any Service] = [app] + coordinator.services
                if let embedded { services.insert(embedded, at: 0) }
                let group = ServiceGroup(configuration: .init(
                    services: services.map { .init(service: $0) },
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: logger))
                try await group.run()
            } catch {
                await coordinator.shutdown()
                await embedded?.stop()
                throw error
            }
            await coordinator.shutdown()
            await embedded?.stop()
        }
    }
}
