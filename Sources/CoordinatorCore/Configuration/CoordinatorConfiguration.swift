/// Settings of a coordinator process. The defaults are what `xcheck-coordinator serve` uses.
public struct CoordinatorConfiguration: Sendable {
    /// Address to listen on.
    public var host: String = "127.0.0.1"
    /// Port to listen on.
    public var port: Int = 8480
    /// An agent not seen for this long gets no new jobs and is listed as offline.
    public var agentOfflineAfter: Duration = .seconds(90)
    /// The longest an agent's poll is held.
    public var maximumPollWait: Duration = .seconds(25)
    /// Identical checks in flight are coalesced, and a finished one is reused for this long.
    public var reuseWindow: Duration = .seconds(30)
    /// How long `POST /v1/checks` waits for the agents when the request does not say.
    public var defaultCheckWait: Duration = .seconds(20)
    /// The longest `wait_seconds` accepted.
    public var maximumCheckWait: Duration = .seconds(60)
    /// How long agents have to answer an ad-hoc check's job.
    public var adHocJobLifetime: Duration = .seconds(60)
    /// After a network-level failure, agents try once more after this long.
    public var confirmationDelay: Duration = .seconds(3)
    /// Request bodies larger than this are refused with 413.
    public var maximumBodyBytes: Int = 1 << 20
    /// Daily result partitions are created this many days ahead.
    public var partitionsAhead: Int = 7
    /// Result partitions older than this many days are dropped.
    public var retentionDays: Int = 30
    /// How often the scheduler looks for monitored targets that are due.
    public var schedulerInterval: Duration = .seconds(2)
    /// How often expired jobs and checks are cleaned up and metrics gauges refreshed.
    public var maintenanceInterval: Duration = .seconds(10)
    /// Marks the status page's sign-in cookie `Secure` (set when users reach the coordinator over HTTPS,
    /// e.g. behind a TLS proxy; browsers then never send it over plain HTTP).
    public var secureCookies: Bool = false

    public init() {}
}
