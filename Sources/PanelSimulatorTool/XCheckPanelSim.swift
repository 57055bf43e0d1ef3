import ArgumentParser
import PanelSimulator

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `xcheck-panel-sim`: runs simulated Xtream panels on loopback until SIGTERM or SIGINT.
@main
struct XCheckPanelSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xcheck-panel-sim",
        abstract: "Simulated Xtream Codes / XUI panels on loopback, for tests and demos.",
        discussion: """
            Prints one line per listener ("listening http://127.0.0.1:8080") once bound, then runs until SIGTERM \
            or SIGINT. Only loopback addresses (127.0.0.0/8, [::1], localhost) are accepted. Accounts (password \
            "secret"): active, expired, banned, disabled, trial, maxed, unlimited; and special with password \
            "p&ss#w+rd %/é".
            """
    )

    @Option(name: .customLong("listen"), help: ArgumentHelp("Plain HTTP listener, HOST:PORT (repeatable).", valueName: "HOST:PORT"))
    var listen: [String] = []

    @Option(name: .customLong("tls-listen"), help: ArgumentHelp("HTTPS listener, HOST:PORT (repeatable); needs --cert and --key.", valueName: "HOST:PORT"))
    var tlsListen: [String] = []

    @Option(help: ArgumentHelp("PEM certificate chain for --tls-listen.", valueName: "PEM"))
    var cert: String?

    @Option(help: ArgumentHelp("PEM private key for --tls-listen.", valueName: "PEM"))
    var key: String?

    @Option(help: ArgumentHelp("Panel family: xtream_codes, xui or integer_typed.", valueName: "FAMILY"))
    var family: String = SimulatorConfiguration.Family.xtreamCodes.rawValue

    @Option(help: ArgumentHelp(
        "normal, slow:MS, drip:BYTES:MS, huge:BYTES, html, redirect-loop, error:STATUS, cf-challenge, "
            + "cf-origin:STATUS, rate-limited, ip-blocked, reset, close or never.",
        valueName: "MODE"
    ))
    var mode: String = "normal"

    @Option(name: .customLong("advertise-http-port"), help: ArgumentHelp("Port server_info.port advertises (default: the listener's own port).", valueName: "N"))
    var advertiseHTTPPort: Int?

    @Option(name: .customLong("advertise-https-port"), help: ArgumentHelp("Port server_info.https_port advertises (default: the first --tls-listen port, else none).", valueName: "N"))
    var advertiseHTTPSPort: Int?

    func run() async throws {
        let plan: (plain: [SimulatorConfiguration], secure: [SimulatorConfiguration])
        do {
            plan = try makeConfigurations()
        } catch let error as ToolError {
            StandardStreams.writeLine("xcheck-panel-sim: error: \(error.message)", toStandardError: true)
            throw ExitCode(2)
        } catch let error as SimulatorError {
            StandardStreams.writeLine("xcheck-panel-sim: error: \(error)", toStandardError: true)
            throw ExitCode(2)
        }

        let signals = SignalWaiter(signals: [SIGTERM, SIGINT])
        var started: [PanelSimulator] = []
        do {
            // TLS listeners first, so plain listeners can advertise the real HTTPS port even when it was 0.
            var secure: [PanelSimulator] = []
            for configuration in plan.secure {
                secure.append(try await PanelSimulator.start(configuration))
                started.append(secure[secure.count - 1])
            }
            var plain: [PanelSimulator] = []
            for var configuration in plan.plain {
                if configuration.advertisedHTTPSPort == nil {
                    configuration.advertisedHTTPSPort = secure.first?.port
                }
                plain.append(try await PanelSimulator.start(configuration))
                started.append(plain[plain.count - 1])
            }
            for simulator in plain + secure {
                StandardStreams.writeLine("listening \(simulator.baseURL)")
            }
        } catch {
            StandardStreams.writeLine("xcheck-panel-sim: error: \(error)", toStandardError: true)
            for simulator in started {
                try? await simulator.shutdown()
            }
            throw ExitCode(isBindFailure(error) ? 1 : 2)
        }

        _ = await signals.next()
        for simulator in started {
            try? await simulator.shutdown()
        }
    }

    private func isBindFailure(_ error: any Error) -> Bool {
        if case .bindFailed = error as? SimulatorError { return true }
        return false
    }

    /// Parses and validates every listener before anything is bound.
    private func makeConfigurations() throws -> (plain: [SimulatorConfiguration], secure: [SimulatorConfiguration]) {
        guard let family = SimulatorConfiguration.Family(rawValue: family) else {
            let known = SimulatorConfiguration.Family.allCases.map(\.rawValue).joined(separator: ", ")
            throw ToolError.usage("unknown family '\(family)'; expected one of \(known)")
        }
        let mode = try SimulatorConfiguration.Mode(argument: mode)
        let plainAddresses = try listen.map { try ListenAddress(parsing: $0) }
        let secureAddresses = try tlsListen.map { try ListenAddress(parsing: $0) }
        guard !plainAddresses.isEmpty || !secureAddresses.isEmpty else {
            throw ToolError.usage("give at least one --listen or --tls-listen address")
        }
        var tls: SimulatorConfiguration.TLSFiles?
        if !secureAddresses.isEmpty {
            guard let cert, let key else { throw ToolError.usage("--tls-listen needs --cert and --key") }
            tls = SimulatorConfiguration.TLSFiles(certificateChainPath: cert, privateKeyPath: key)
        }
        // Like one panel with an HTTP and an HTTPS port: TLS listeners advertise the first plain port (when it is
        // fixed) as `port`; plain listeners advertise the first TLS listener's bound port as `https_port` (set in
        // run(), once it is known).
        let firstFixedPlainPort = plainAddresses.first.flatMap { $0.port == 0 ? nil : $0.port }
        let plain = plainAddresses.map { address in
            SimulatorConfiguration(
                family: family,
                mode: mode,
                host: address.host,
                port: address.port,
                advertisedHTTPPort: advertiseHTTPPort,
                advertisedHTTPSPort: advertiseHTTPSPort
            )
        }
        let secure = secureAddresses.map { address in
            SimulatorConfiguration(
                family: family,
                mode: mode,
                host: address.host,
                port: address.port,
                tls: tls,
                advertisedHTTPPort: advertiseHTTPPort ?? firstFixedPlainPort,
                advertisedHTTPSPort: advertiseHTTPSPort
            )
        }
        for configuration in plain + secure {
            try configuration.validate()
        }
        return (plain, secure)
    }
}
