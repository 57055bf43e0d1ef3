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
    /// `POST /v1/targets/{id}/run` is refused when the target's last run is closer than this.
    public var targetRunSpacing: Duration = .seconds(30)
    /// How often expired jobs and checks are cleaned up and metrics gauges refreshed.
    public var maintenanceInterval: Duration = .seconds(10)
    /// Marks the status page's sign-in cookie `Secure` (set when users reach the coordinator over HTTPS,
    /// e.g. behind a TLS proxy; browsers then never send it over plain HTTP).
    public var secureCookies: Bool = false

    /// Alerts (docs/alerts.md): observations with new results needed to confirm a verdict change.
    public var alertConfirmations: Int = 2
    /// Alerts: the least time from the first sighting of a change to its confirmation.
    public var alertConfirmationTime: Duration = .seconds(60)
    /// Alerts: after an alert, further changes of the same target are held this long.
    public var alertQuietPeriod: Duration = .seconds(600)
    /// Alerts: targets with alerts are evaluated this often even without new results (and at once when
    /// results arrive).
    public var alertEvaluationInterval: Duration = .seconds(30)
    /// Alerts: how often the delivery worker looks for due deliveries when nothing woke it.
    public var alertDeliveryInterval: Duration = .seconds(5)
    /// Alerts: the delays between delivery attempts; after the last one the delivery fails.
    public var alertRetryDelays: [Duration] = [.seconds(30), .seconds(120), .seconds(600), .seconds(3600), .seconds(6 * 3600)]
    /// Alerts: the limit of one delivery request (connection and answer).
    public var alertRequestTimeout: Duration = .seconds(10)
    /// Alerts: response bytes read from a receiver, at most.
    public var alertResponseBytes: Int = 16 << 10
    /// Alerts: the Telegram Bot API's base URL (tests point it at a loopback receiver).
    public var telegramBaseURL: String = "https://api.telegram.org"

    public init() {}
}
