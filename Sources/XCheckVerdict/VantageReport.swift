public import XCheckModel

/// One vantage's line in a verdict (`vantages[]` in the JSON).
///
/// `outcome`, `stage`, `http_status` and `timings_ms` are those of the attempt that counted: the first
/// attempt, or the second one when it got through after a network-level failure (a flaky vantage).
public struct VantageReport: Sendable, Hashable, Codable {
    /// The vantage's name, kind, region and network, as given.
    public var name: String
    public var kind: Vantage.Kind
    public var region: String
    public var network: String
    /// The outcome of the attempt that counted.
    public var outcome: Outcome
    /// The stage that outcome was decided at; nil for `ok`/`reachable`.
    public var stage: Stage?
    /// How this vantage is blocked; nil when it is not (or when its failure cannot count).
    public var blocking: BlockingType?
    /// The attempt's stage timings (`timings_ms`).
    public var timings: StageTimings
    /// The attempt's HTTP status, when it got an HTTP answer.
    public var httpStatus: Int?
    /// Whether this vantage's answer took part in the comparison. False for an unconfirmed network failure,
    /// `rate_limited`, `cdn_challenge` and `target_forbidden`.
    public var usable: Bool
    /// How many attempts were made: 1, or 2 when a confirmation was made.
    public var attempts: Int
    /// For a first attempt that failed at the network level: true when the second attempt failed too, false
    /// when it got through (flaky), nil when no second attempt was made. Nil for other outcomes.
    public var confirmed: Bool?
    /// A sentence explaining anything unusual about this vantage (flaky, not counted, poisoned DNS...).
    public var note: String?

    public init(
        name: String, kind: Vantage.Kind, region: String, network: String, outcome: Outcome, stage: Stage?,
        blocking: BlockingType?, timings: StageTimings, httpStatus: Int?, usable: Bool, attempts: Int,
        confirmed: Bool?, note: String?
    ) {
        self.name = name
        self.kind = kind
        self.region = region
        self.network = network
        self.outcome = outcome
        self.stage = stage
        self.blocking = blocking
        self.timings = timings
        self.httpStatus = httpStatus
        self.usable = usable
        self.attempts = attempts
        self.confirmed = confirmed
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case name, kind, region, network, outcome, stage, blocking
        case timings = "timings_ms"
        case httpStatus = "http_status"
        case usable, attempts, confirmed, note
    }

    public func encode(to encoder: any Encoder) throws {
        // Explicit nulls: `stage`, `blocking` and the optional fields are always present.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.name, forKey: .name)
        try c.encode(self.kind, forKey: .kind)
        try c.encode(self.region, forKey: .region)
        try c.encode(self.network, forKey: .network)
        try c.encode(self.outcome, forKey: .outcome)
        try c.encode(self.stage, forKey: .stage)
        try c.encode(self.blocking, forKey: .blocking)
        try c.encode(self.timings, forKey: .timings)
        try c.encode(self.httpStatus, forKey: .httpStatus)
        try c.encode(self.usable, forKey: .usable)
        try c.encode(self.attempts, forKey: .attempts)
        try c.encode(self.confirmed, forKey: .confirmed)
        try c.encode(self.note, forKey: .note)
    }
}
