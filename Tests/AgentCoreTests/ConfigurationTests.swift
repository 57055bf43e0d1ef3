import AgentCore
import Testing

/// Settings from flags, environment and the config file: precedence, defaults and error messages.
@Suite("Configuration")
struct ConfigurationTests {
    static func resolve(
        flags: [SettingKey: String] = [:], environment: [String: String] = [:], file: String? = nil,
        path: String = "/etc/xcheck/agent.conf"
    ) throws(ConfigurationError) -> AgentConfiguration {
        try AgentConfiguration.resolve(
            flags: flags, configFile: file == nil ? nil : path, environment: environment,
            readFile: { (_: String) throws(ConfigurationError) -> String in file ?? "" }
        )
    }

    static func message(
        flags: [SettingKey: String] = [:], environment: [String: String] = [:], file: String? = nil
    ) -> String? {
        do {
            _ = try self.resolve(flags: flags, environment: environment, file: file)
            return nil
        } catch {
            return error.message
        }
    }

    static let minimal: [SettingKey: String] = [.coordinator: "https://xcheck.example.net/", .token: "xca_secret_token"]

    @Test("defaults")
    func defaults() throws {
        let configuration = try Self.resolve(flags: Self.minimal)
        #expect(configuration.coordinatorURL == "https://xcheck.example.net")
        #expect(configuration.token.value == "xca_secret_token")
        #expect(configuration.spoolDirectory == "/var/lib/xcheck-agent")
        #expect(configuration.maxConcurrency == 64)
        #expect(configuration.allowPrivateTargets == false)
        #expect(configuration.metricsListen == nil)
        #expect(configuration.logLevel == .info)
        #expect(configuration.spoolMaxBytes == 64 << 20)
        #expect(configuration.shutdownDeadline == .seconds(20))
        #expect(configuration.heartbeatInterval == .seconds(30))
        #expect(configuration.probe.checkAdvertisedPorts)
        #expect(configuration.probe.politeness == .standard)
    }

    @Test("flags win over the environment, which wins over the file, which wins over the defaults")
    func precedence() throws {
        let file = """
            # agent settings
            coordinator = https://from-file.example
            token = file-token
            max-concurrency = 8
            spool-dir = /srv/file-spool
            log-level = debug
            metrics-listen = 127.0.0.1:9000
            """
        let environment = [
            "XCHECK_COORDINATOR": "https://from-env.example",
            "XCHECK_AGENT_TOKEN": "env-token",
            "XCHECK_MAX_CONCURRENCY": "16",
            "PATH": "/usr/bin",
        ]
        let flags: [SettingKey: String] = [.maxConcurrency: "32"]
        let configuration = try Self.resolve(flags: flags, environment: environment, file: file)
        #expect(configuration.maxConcurrency == 32, "flag")
        #expect(configuration.coordinatorURL == "https://from-env.example", "environment over file")
        #expect(configuration.token.value == "env-token", "environment over file")
        #expect(configuration.spoolDirectory == "/srv/file-spool", "file over default")
        #expect(configuration.logLevel == .debug, "file over default")
        #expect(configuration.metricsListen == ListenAddress(host: "127.0.0.1", port: 9000))
        #expect(configuration.shutdownDeadline == .seconds(20), "default")

        let fileOnly = try Self.resolve(file: file)
        #expect(fileOnly.coordinatorURL == "https://from-file.example")
        #expect(fileOnly.maxConcurrency == 8)
    }

    @Test("the config file comes from --config or XCHECK_CONFIG")
    func configPath() throws {
        var asked: [String] = []
        let configuration = try AgentConfiguration.resolve(
            flags: [:], configFile: nil,
            environment: ["XCHECK_CONFIG": "/etc/xcheck/agent.conf"],
            readFile: { (path: String) throws(ConfigurationError) -> String in
                asked.append(path)
                return "XCHECK_COORDINATOR=https://c.example\nXCHECK_AGENT_TOKEN=\"quoted-token\"\n"
            }
        )
        #expect(asked == ["/etc/xcheck/agent.conf"])
        #expect(configuration.coordinatorURL == "https://c.example")
        #expect(configuration.token.value == "quoted-token", "an EnvironmentFile reads as a config file")
    }

    @Test("all value forms")
    func values() throws {
        let configuration = try Self.resolve(flags: Self.minimal.merging([
            .allowPrivateTargets: "yes", .metricsListen: "[::1]:9464", .logLevel: "warn", .spoolMaxBytes: "128MiB",
            .shutdownDeadline: "1500ms", .coordinatorCAFile: "/etc/xcheck/ca.pem",
        ]) { $1 })
        #expect(configuration.allowPrivateTargets)
        #expect(configuration.metricsListen == ListenAddress(host: "::1", port: 9464))
        #expect(configuration.logLevel == .warning)
        #expect(configuration.spoolMaxBytes == 128 << 20)
        #expect(configuration.shutdownDeadline == .milliseconds(1500))
        #expect(configuration.coordinatorCAFile == "/etc/xcheck/ca.pem")
        let portOnly = try Self.resolve(flags: Self.minimal.merging([.metricsListen: "9464"]) { $1 })
        #expect(portOnly.metricsListen == ListenAddress(host: "127.0.0.1", port: 9464))
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        var flags: [SettingKey: String] = [:]
        var environment: [String: String] = [:]
        var file: String?
        var expected: String
        var testDescription: String { self.expected }
    }

    static let badCases: [BadCase] = [
        BadCase(flags: [.token: "t"], expected: "the coordinator URL is missing"),
        BadCase(flags: [.coordinator: "https://c.example"], expected: "the agent token is missing"),
        BadCase(flags: [.coordinator: "ftp://c.example", .token: "t"], expected: "--coordinator: the coordinator URL must start with https://"),
        BadCase(flags: [.coordinator: "https://user:pw@c.example", .token: "t"], expected: "--coordinator: the coordinator URL needs a host and no user:password@ part"),
        BadCase(environment: ["XCHECK_COORDINATOR": "https://c.example", "XCHECK_AGENT_TOKEN": "two words"], expected: "XCHECK_AGENT_TOKEN: the agent token may only contain printable ASCII"),
        BadCase(flags: minimal.merging([.maxConcurrency: "lots"]) { $1 }, expected: "--max-concurrency: 'lots' is not a whole number"),
        BadCase(flags: minimal.merging([.maxConcurrency: "0"]) { $1 }, expected: "--max-concurrency: 0 is out of range (1...10000)"),
        BadCase(flags: minimal, environment: ["XCHECK_ALLOW_PRIVATE_TARGETS": "maybe"], expected: "XCHECK_ALLOW_PRIVATE_TARGETS: 'maybe' is not a boolean"),
        BadCase(flags: minimal.merging([.metricsListen: "localhost:9464"]) { $1 }, expected: "--metrics-listen: 'localhost:9464' is not an address to listen on"),
        BadCase(flags: minimal.merging([.logLevel: "loud"]) { $1 }, expected: "--log-level: 'loud' is not a log level"),
        BadCase(flags: minimal.merging([.spoolMaxBytes: "12 parsecs"]) { $1 }, expected: "--spool-max-bytes: '12 parsecs' is not a size"),
        BadCase(flags: minimal.merging([.spoolMaxBytes: "1KiB"]) { $1 }, expected: "--spool-max-bytes: 1KiB is below the minimum of 64 KiB"),
        BadCase(flags: minimal.merging([.shutdownDeadline: "soon"]) { $1 }, expected: "--shutdown-deadline: 'soon' is not a duration"),
        BadCase(flags: minimal, file: "max-concurrency = 4\nthis is garbage\n", expected: "/etc/xcheck/agent.conf:2: expected 'key = value', found a line without '='"),
        BadCase(flags: minimal, file: "# comment\n\nspool-directory = /x\n", expected: "/etc/xcheck/agent.conf:3: unknown key 'spool-directory' (known keys: coordinator, token, spool-dir,"),
        BadCase(flags: minimal, file: " = value\n", expected: "/etc/xcheck/agent.conf:1: expected 'key = value', the key is missing"),
        BadCase(flags: minimal, file: "log-level = info\nlog-level = debug\n", expected: "/etc/xcheck/agent.conf:2: 'log-level' is given twice (first on line 1)"),
        BadCase(flags: minimal, file: "spool-dir = \"/x\n", expected: "/etc/xcheck/agent.conf:1: the value of 'spool-dir' has no closing quote"),
        BadCase(file: "coordinator = https://c.example\ntoken = t\nmax-concurrency = -3\n", expected: "/etc/xcheck/agent.conf:3: max-concurrency: -3 is out of range"),
    ]

    @Test("errors name the flag, the variable or the file line", arguments: Self.badCases)
    func errors(_ c: BadCase) {
        let message = Self.message(flags: c.flags, environment: c.environment, file: c.file)
        #expect(message?.hasPrefix(c.expected) == true, "got: \(message ?? "no error")")
    }

    @Test("the token never appears in descriptions or errors")
    func tokenRedacted() throws {
        let secret = "xca_Do-Not-Leak-42"
        let configuration = try Self.resolve(flags: [.coordinator: "https://c.example", .token: secret])
        #expect(!configuration.description.contains(secret))
        #expect(!"\(configuration.token)".contains(secret))
        #expect(!String(reflecting: configuration.token).contains(secret))
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains(secret))
        let message = Self.message(flags: [.coordinator: "https://c.example", .token: secret + " x"])
        #expect(message != nil && !message!.contains(secret))
    }

    @Test("setting names")
    func names() {
        #expect(SettingKey.token.environmentName == "XCHECK_AGENT_TOKEN")
        #expect(SettingKey.spoolDirectory.environmentName == "XCHECK_SPOOL_DIR")
        #expect(SettingKey.maxConcurrency.flag == "--max-concurrency")
        #expect(SettingKey(fileKey: "XCHECK_METRICS_LISTEN") == .metricsListen)
        #expect(SettingKey(fileKey: "nope") == nil)
    }

    @Test("an unreadable config file is a clear error")
    func unreadable() {
        do {
            _ = try AgentConfiguration.resolve(flags: Self.minimal, configFile: "/nonexistent/agent.conf", environment: [:])
            Issue.record("no error")
        } catch {
            #expect(error.message == "the config file /nonexistent/agent.conf cannot be read: No such file or directory")
        }
    }
}
