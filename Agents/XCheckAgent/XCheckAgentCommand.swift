import AgentCore
import ArgumentParser
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `xcheck-agent`: parses the flags, resolves the configuration (flags, environment, config file, defaults),
/// sets up logging and runs the ``Agent`` until SIGTERM or SIGINT.
///
/// Exit codes: 0 after a graceful shutdown; 78 (EX_CONFIG) for a configuration error or a token the
/// coordinator refuses (systemd does not restart it: `RestartPreventExitStatus=78`); 1 for anything else.
@main
struct XCheckAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xcheck-agent",
        abstract: "Runs xcheck login checks for the coordinator from this machine.",
        discussion: """
            Every setting can also come from an environment variable (XCHECK_COORDINATOR, XCHECK_AGENT_TOKEN, \
            XCHECK_SPOOL_DIR, XCHECK_MAX_CONCURRENCY, XCHECK_ALLOW_PRIVATE_TARGETS, XCHECK_METRICS_LISTEN, \
            XCHECK_LOG_LEVEL, XCHECK_SPOOL_MAX_BYTES, XCHECK_SHUTDOWN_DEADLINE, XCHECK_COORDINATOR_CA_FILE) or \
            from a config file (--config or XCHECK_CONFIG) of 'key = value' lines whose keys are the flag names \
            without '--'. Flags win over the environment, which wins over the file. Prefer the environment or the \
            file for the token: command lines are visible to every user in `ps`.
            """,
        version: AgentVersion.current
    )

    @Option(help: "The coordinator's URL, e.g. https://xcheck.example.net.")
    var coordinator: String?

    @Option(help: "The agent token printed by `xcheck-coordinator agents add` (prefer XCHECK_AGENT_TOKEN).")
    var token: String?

    @Option(help: "The result spool's directory (default /var/lib/xcheck-agent).")
    var spoolDir: String?

    @Option(help: "The most checks run at once (default 64).")
    var maxConcurrency: String?

    @Flag(inversion: .prefixedNo, help: "Allow checks of private, loopback and this machine's own addresses (labs only).")
    var allowPrivateTargets: Bool?

    @Option(help: "A config file of 'key = value' lines.")
    var config: String?

    @Option(help: "Serve Prometheus metrics on this address, e.g. 127.0.0.1:9464 (default: off).")
    var metricsListen: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical (default info).")
    var logLevel: String?

    @Option(help: "The spool's size cap, e.g. 64MiB (default); past it the oldest results are dropped.")
    var spoolMaxBytes: String?

    @Option(help: "How long checks in flight may finish after SIGTERM, e.g. 20s (default).")
    var shutdownDeadline: String?

    @Option(help: "A PEM file of CA certificates for the coordinator's TLS certificate.")
    var coordinatorCaFile: String?

    /// The flags that were given, by setting.
    var flagSettings: [SettingKey: String] {
        var flags: [SettingKey: String] = [:]
        flags[.coordinator] = self.coordinator
        flags[.token] = self.token
        flags[.spoolDirectory] = self.spoolDir
        flags[.maxConcurrency] = self.maxConcurrency
        flags[.allowPrivateTargets] = self.allowPrivateTargets.map { $0 ? "true" : "false" }
        flags[.metricsListen] = self.metricsListen
        flags[.logLevel] = self.logLevel
        flags[.spoolMaxBytes] = self.spoolMaxBytes
        flags[.shutdownDeadline] = self.shutdownDeadline
        flags[.coordinatorCAFile] = self.coordinatorCaFile
        return flags
    }

    func run() async throws {
        let configuration: AgentConfiguration
        do {
            configuration = try AgentConfiguration.resolve(
                flags: self.flagSettings, configFile: self.config, environment: AgentConfiguration.processEnvironment()
            )
        } catch {
            Self.printError("xcheck-agent: \(error.message)")
            throw ExitCode(78)
        }
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "xcheck-agent")
        let agent = Agent(configuration: configuration, logger: logger)
        do {
            try await agent.run()
        } catch let error as CoordinatorError where error.isFatal {
            logger.critical("stopping: \(error)")
            throw ExitCode(78)
        } catch let error as SpoolError where error.code == .locked {
            logger.critical("stopping: \(error)")
            throw ExitCode(78)
        } catch {
            logger.critical("stopping after an error: \(error)")
            throw ExitCode(1)
        }
    }

    /// Writes a line to standard error with write(2) (no shared `FILE*` state).
    static func printError(_ message: String) {
        let bytes = Array((message + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(2, $0.baseAddress! + written, bytes.count - written) }
            if n <= 0 { return }
            written += n
        }
    }
}
