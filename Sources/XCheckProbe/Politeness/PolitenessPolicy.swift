/// How gently the probe treats a panel. Panels ban addresses that flood them or try many usernames, and a
/// banned agent looks exactly like an ISP block, so these rules protect the measurement as well as the panel.
public struct PolitenessPolicy: Sendable, Hashable {
    /// Allow at most one HTTP check in flight per host in this process.
    public var oneRequestPerHost: Bool
    /// The least time between the starts of two HTTP checks to the same host.
    public var minimumInterval: Duration
    /// The first back-off after a host answers 429 (or 403 "blocked"); it doubles on each further one.
    public var backoffBase: Duration
    /// The longest back-off.
    public var backoffMax: Duration

    public init(
        oneRequestPerHost: Bool = true,
        minimumInterval: Duration = .seconds(1),
        backoffBase: Duration = .seconds(60),
        backoffMax: Duration = .seconds(1800)
    ) {
        self.oneRequestPerHost = oneRequestPerHost
        self.minimumInterval = minimumInterval
        self.backoffBase = backoffBase
        self.backoffMax = backoffMax
    }

    /// The defaults: one check in flight per host, 1 s apart, back-off from 60 s to 30 min.
    public static let standard = PolitenessPolicy()

    /// No spacing and no per-host limit (benchmarks against the project's own simulator only). Back-off after
    /// a 429 still applies.
    public static let unthrottled = PolitenessPolicy(oneRequestPerHost: false, minimumInterval: .zero)
}
