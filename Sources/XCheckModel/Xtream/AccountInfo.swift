/// What the panel said about the account (the line) in a successful `player_api.php` login answer.
///
/// It never holds the password the panel echoes in `user_info`, so it is safe to print and to encode.
public struct AccountInfo: Sendable, Hashable, Codable {
    /// The account's state as reported by the panel (``AccountStatus/unknown`` when none was sent).
    public var status: AccountStatus
    /// The expiry date in Unix epoch seconds; nil when the account never expires.
    public var expiresAt: Int64?
    /// True for a trial line.
    public var isTrial: Bool
    /// How many connections the panel counts as open now (may include stale ones).
    public var activeConnections: Int?
    /// How many connections the line may open at once; `0` means unlimited.
    public var maxConnections: Int?
    /// When the line was created, in Unix epoch seconds.
    public var createdAt: Int64?
    /// The panel's message of the day.
    public var message: String?
    /// The stream formats the line may use, e.g. `["m3u8", "ts"]`.
    public var allowedOutputFormats: [String]
    /// Whole days from the panel's clock to the expiry date, rounded down and never negative;
    /// nil when the account never expires.
    public var daysLeft: Int?

    public init(
        status: AccountStatus,
        expiresAt: Int64? = nil,
        isTrial: Bool = false,
        activeConnections: Int? = nil,
        maxConnections: Int? = nil,
        createdAt: Int64? = nil,
        message: String? = nil,
        allowedOutputFormats: [String] = [],
        daysLeft: Int? = nil
    ) {
        self.status = status
        self.expiresAt = expiresAt
        self.isTrial = isTrial
        self.activeConnections = activeConnections
        self.maxConnections = maxConnections
        self.createdAt = createdAt
        self.message = message
        self.allowedOutputFormats = allowedOutputFormats
        self.daysLeft = daysLeft
    }

    /// False only when the line has a connection limit and every connection is in use.
    /// An unlimited (`0`) or unknown limit counts as free.
    public var hasFreeConnection: Bool {
        guard let max = self.maxConnections, max > 0, let active = self.activeConnections else { return true }
        return active < max
    }

    /// Whole days from `reference` to `expiresAt`, rounded down and never negative; nil without an expiry.
    public static func daysLeft(expiresAt: Int64?, reference: Int64) -> Int? {
        guard let expiresAt else { return nil }
        let (difference, overflow) = expiresAt.subtractingReportingOverflow(reference)
        if overflow { return expiresAt > reference ? Int(clamping: Int64.max / 86_400) : 0 }
        return difference <= 0 ? 0 : Int(clamping: difference / 86_400)
    }

    enum CodingKeys: String, CodingKey {
        case status
        case expiresAt = "expires_at"
        case isTrial = "is_trial"
        case activeConnections = "active_connections"
        case maxConnections = "max_connections"
        case createdAt = "created_at"
        case message
        case allowedOutputFormats = "allowed_output_formats"
        case daysLeft = "days_left"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.status = try container.decode(AccountStatus.self, forKey: .status)
        self.expiresAt = try container.decodeIfPresent(Int64.self, forKey: .expiresAt)
        self.isTrial = try container.decodeIfPresent(Bool.self, forKey: .isTrial) ?? false
        self.activeConnections = try container.decodeIfPresent(Int.self, forKey: .activeConnections)
        self.maxConnections = try container.decodeIfPresent(Int.self, forKey: .maxConnections)
        self.createdAt = try container.decodeIfPresent(Int64.self, forKey: .createdAt)
        self.message = try container.decodeIfPresent(String.self, forKey: .message)
        self.allowedOutputFormats = try container.decodeIfPresent([String].self, forKey: .allowedOutputFormats) ?? []
        self.daysLeft = try container.decodeIfPresent(Int.self, forKey: .daysLeft)
    }

    public func encode(to encoder: any Encoder) throws {
        // Explicit nulls: an absent value is part of the JSON contract.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.status, forKey: .status)
        try container.encode(self.expiresAt, forKey: .expiresAt)
        try container.encode(self.isTrial, forKey: .isTrial)
        try container.encode(self.activeConnections, forKey: .activeConnections)
        try container.encode(self.maxConnections, forKey: .maxConnections)
        try container.encode(self.createdAt, forKey: .createdAt)
        try container.encode(self.message, forKey: .message)
        try container.encode(self.allowedOutputFormats, forKey: .allowedOutputFormats)
        try container.encode(self.daysLeft, forKey: .daysLeft)
    }
}
