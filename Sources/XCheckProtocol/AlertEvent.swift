public import XCheckModel
public import XCheckVerdict

/// The event an alert sends when a monitored target's verdict changed (the body of a generic webhook, and
/// what Telegram and Discord messages are written from). It never holds a secret: no password, no webhook URL,
/// no bot token.
///
/// JSON (version 1; fields may be added, never renamed):
/// `{"version": 1, "type": "verdict_changed", "event_id", "occurred_at", "target": {"id", "name", "url"},
///   "before": VerdictSnapshot, "after": VerdictSnapshot, "changes": [{"region", "before", "after"}],
///   "rule", "reason", "summary"}`
public struct AlertEvent: Sendable, Hashable, Codable {
    /// The schema version of this document.
    public static let currentVersion = 1

    /// The target the event is about.
    public struct Target: Sendable, Hashable, Codable {
        public var id: Int64
        public var name: String
        /// The base URL (never with credentials).
        public var url: String

        public init(id: Int64, name: String, url: String) {
            self.id = id
            self.name = name
            self.url = url
        }
    }

    /// One region whose verdict changed; nil on a side means the region was not in that snapshot.
    public struct RegionChange: Sendable, Hashable, Codable {
        public var region: String
        public var before: RegionVerdict?
        public var after: RegionVerdict?

        public init(region: String, before: RegionVerdict?, after: RegionVerdict?) {
            self.region = region
            self.before = before
            self.after = after
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(self.region, forKey: .region)
            try c.encode(self.before, forKey: .before)
            try c.encode(self.after, forKey: .after)
        }

        enum CodingKeys: String, CodingKey { case region, before, after }
    }

    public var version: Int
    /// Always `verdict_changed` in version 1.
    public var type: String
    /// A UUID, the same on every attempt and every alert that sends this change: receivers use it to drop
    /// duplicates (delivery is at least once).
    public var eventID: String
    /// When the change was confirmed, epoch seconds.
    public var occurredAt: Int64
    public var target: Target
    /// The last state alerted on (or the first confirmed state).
    public var before: VerdictSnapshot
    /// The new confirmed state.
    public var after: VerdictSnapshot
    /// Regions whose verdict differs between `before` and `after`, by region name.
    public var changes: [RegionChange]
    /// The verdict rule behind `after` (docs/verdicts.md).
    public var rule: VerdictRule
    /// The outcome that explains `after`.
    public var reason: Outcome?
    /// The verdict's one sentence for people.
    public var summary: String

    public init(
        eventID: String, occurredAt: Int64, target: Target, before: VerdictSnapshot, after: VerdictSnapshot,
        rule: VerdictRule, reason: Outcome?, summary: String
    ) {
        self.version = Self.currentVersion
        self.type = "verdict_changed"
        self.eventID = eventID
        self.occurredAt = occurredAt
        self.target = target
        self.before = before
        self.after = after
        self.changes = Self.changes(from: before, to: after)
        self.rule = rule
        self.reason = reason
        self.summary = summary
    }

    /// The regions whose verdict differs, sorted by name.
    public static func changes(from before: VerdictSnapshot, to after: VerdictSnapshot) -> [RegionChange] {
        let names = Set(before.regions.map(\.region)).union(after.regions.map(\.region)).sorted()
        return names.compactMap { name in
            let old = before[name]
            let new = after[name]
            return old == new ? nil : RegionChange(region: name, before: old, after: new)
        }
    }

    enum CodingKeys: String, CodingKey {
        case version, type
        case eventID = "event_id"
        case occurredAt = "occurred_at"
        case target, before, after, changes, rule, reason, summary
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.version, forKey: .version)
        try c.encode(self.type, forKey: .type)
        try c.encode(self.eventID, forKey: .eventID)
        try c.encode(self.occurredAt, forKey: .occurredAt)
        try c.encode(self.target, forKey: .target)
        try c.encode(self.before, forKey: .before)
        try c.encode(self.after, forKey: .after)
        try c.encode(self.changes, forKey: .changes)
        try c.encode(self.rule, forKey: .rule)
        try c.encode(self.reason, forKey: .reason)
        try c.encode(self.summary, forKey: .summary)
    }
}
