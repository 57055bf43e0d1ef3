/// Another way to reach the same panel (the other scheme, or a port the panel advertises), with what
/// happened when xcheck tried it.
public struct Alternative: Sendable, Hashable, Codable {
    /// The base URL of the alternative.
    public var url: String
    /// The outcome of trying it: a login outcome when a login was tried, `reachable` or a network outcome for
    /// a port check.
    public var outcome: Outcome
    /// How it was tried.
    public var kind: CheckKind

    public init(url: String, outcome: Outcome, kind: CheckKind) {
        self.url = url
        self.outcome = outcome
        self.kind = kind
    }
}
