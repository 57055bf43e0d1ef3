public import Logging
public import XCheckProbe

/// Everything the agent needs to run. Build it with ``resolve(flags:environment:readFile:)`` (flags, then
/// environment, then the config file, then the defaults) or set the fields directly in tests.
public struct AgentConfiguration: Sendable {
    /// The coordinator's base URL (`https://xcheck.example.net`); the agent calls `/v1/agent/...` under it.
    public var coordinatorURL: String
    /// The agent's token (a secret: never logged).
    public var token: AgentToken
    /// The directory of the result spool (default `/var/lib/xcheck-agent`, systemd's `StateDirectory`).
    public var spoolDirectory: String = AgentConfiguration.defaultSpoolDirectory
    /// The most checks run at once (default 64).
    public var maxConcurrency: Int = 64
    /// Lifts the SSRF guard: private, loopback and the agent's own addresses may be checked (labs only).
    public var allowPrivateTargets: Bool = false
    /// Where the Prometheus `/metrics` listener binds; nil (the default) starts none.
    public var metricsListen: ListenAddress? = nil
    /// The least severe log level written (default `info`).
    public var logLevel: Logger.Level = .info
    /// The spool's size cap; past it the oldest results are dropped (default 64 MiB).
    public var spoolMaxBytes: Int = 64 << 20
    /// How long in-flight checks may run on after SIGTERM before they are cancelled (default 20 s).
    public var shutdownDeadline: Duration = .seconds(20)
    /// A PEM file of CA certificates for the coordinator's TLS certificate (default: the system's).
    public var coordinatorCAFile: String? = nil

    // Tunables without a flag (tests shorten them).

    /// How often the agent sends a heartbeat (the protocol says 30 s).
    public var heartbeatInterval: Duration = .seconds(30)
    /// How long the coordinator may hold a poll (at most 25 s).
    public var pollWaitSeconds: Int = 25
    /// Back-off after failed coordinator calls.
    public var retry: RetryPolicy = RetryPolicy()
    /// The most results in one batch (the protocol allows 500).
    public var resultBatchSize: Int = 500
    /// The most spool bytes in one batch, under the coordinator's 1 MiB body limit.
    public var resultBatchBytes: Int = 768 << 10
    /// Time allowed at shutdown for one last attempt to send what is spooled.
    public var flushTimeout: Duration = .seconds(5)
    /// Request limit for heartbeats and result batches.
    public var requestTimeout: Duration = .seconds(20)
    /// The probe engine's settings (timeouts, politeness). The agent sets `addressPolicy` from the guard and
    /// keeps `checkAdvertisedPorts` and the standard politeness on.
    public var probe: ProbeConfiguration = ProbeConfiguration()

    /// `/var/lib/xcheck-agent`.
    public static let defaultSpoolDirectory = "/var/lib/xcheck-agent"
    /// `127.0.0.1:9464`, the metrics address when `--metrics-listen` names only a port.
    public static let defaultMetricsPort = 9464

    public init(coordinatorURL: String, token: AgentToken) {
        self.coordinatorURL = coordinatorURL
        self.token = token
    }
}

extension AgentConfiguration: CustomStringConvertible {
    /// Every setting, the token redacted: what the agent logs at start.
    public var description: String {
        "coordinator=\(self.coordinatorURL) token=\(self.token) spool-dir=\(self.spoolDirectory) "
            + "max-concurrency=\(self.maxConcurrency) allow-private-targets=\(self.allowPrivateTargets) "
            + "metrics-listen=\(self.metricsListen.map(\.description) ?? "off") log-level=\(self.logLevel) "
            + "spool-max-bytes=\(self.spoolMaxBytes) shutdown-deadline=\(self.shutdownDeadline)"
    }
}
