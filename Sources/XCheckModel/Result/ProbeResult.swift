/// Everything one check from one vantage found: the JSON document of `xcheck probe --json`, and what agents
/// report to the coordinator. It never holds a password.
///
/// JSON contract (names kept stable; fields may be added):
/// `{"target": {"url", "scheme", "host", "port", "username"}, "input_warnings": [{"code", "message"}],
///   "outcome", "stage", "http_status", "timings_ms": {"dns", "connect", "tls", "first_byte", "total"},
///   "panel", "account", "alternatives": [{"url", "outcome"}], "advice": [...]}`
public struct ProbeResult: Sendable, Hashable, Codable {
    public var target: TargetSummary
    public var kind: CheckKind
    public var inputWarnings: [InputWarning]
    public var outcome: Outcome
    /// The stage the outcome was decided at; nil for `ok`/`reachable`.
    public var stage: Stage?
    /// One sentence explaining how the outcome was decided.
    public var detail: String
    public var httpStatus: Int?
    public var timings: StageTimings
    public var panel: PanelFamily
    /// The panel's version, when it says (XUI).
    public var panelVersion: String?
    public var account: AccountInfo?
    /// Addresses the name resolved to.
    public var resolvedAddresses: [String]
    /// The address actually connected to.
    public var connectedAddress: String?
    public var alternatives: [Alternative]
    /// Ports the panel advertises, each checked with a port check.
    public var ports: [PortCheckResult]
    public var advice: [String]
    /// When the check started, in epoch seconds (UTC).
    public var startedAt: Int64

    public init(
        target: TargetSummary, kind: CheckKind, inputWarnings: [InputWarning] = [], outcome: Outcome,
        stage: Stage?, detail: String, httpStatus: Int? = nil, timings: StageTimings = StageTimings(),
        panel: PanelFamily = .unknown, panelVersion: String? = nil, account: AccountInfo? = nil,
        resolvedAddresses: [String] = [], connectedAddress: String? = nil, alternatives: [Alternative] = [],
        ports: [PortCheckResult] = [], advice: [String] = [], startedAt: Int64 = 0
    ) {
        self.target = target
        self.kind = kind
        self.inputWarnings = inputWarnings
        self.outcome = outcome
        self.stage = stage
        self.detail = detail
        self.httpStatus = httpStatus
        self.timings = timings
        self.panel = panel
        self.panelVersion = panelVersion
        self.account = account
        self.resolvedAddresses = resolvedAddresses
        self.connectedAddress = connectedAddress
        self.alternatives = alternatives
        self.ports = ports
        self.advice = advice
        self.startedAt = startedAt
    }

    enum CodingKeys: String, CodingKey {
        case target, kind
        case inputWarnings = "input_warnings"
        case outcome, stage, detail
        case httpStatus = "http_status"
        case timings = "timings_ms"
        case panel
        case panelVersion = "panel_version"
        case account
        case resolvedAddresses = "resolved_addresses"
        case connectedAddress = "connected_address"
        case alternatives, ports, advice
        case startedAt = "started_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.target, forKey: .target)
        try c.encode(self.kind, forKey: .kind)
        try c.encode(self.inputWarnings, forKey: .inputWarnings)
        try c.encode(self.outcome, forKey: .outcome)
        try c.encode(self.stage, forKey: .stage)
        try c.encode(self.detail, forKey: .detail)
        try c.encode(self.httpStatus, forKey: .httpStatus)
        try c.encode(self.timings, forKey: .timings)
        try c.encode(self.panel, forKey: .panel)
        try c.encode(self.panelVersion, forKey: .panelVersion)
        try c.encode(self.account, forKey: .account)
        try c.encode(self.resolvedAddresses, forKey: .resolvedAddresses)
        try c.encode(self.connectedAddress, forKey: .connectedAddress)
        try c.encode(self.alternatives, forKey: .alternatives)
        try c.encode(self.ports, forKey: .ports)
        try c.encode(self.advice, forKey: .advice)
        try c.encode(self.startedAt, forKey: .startedAt)
    }
}
