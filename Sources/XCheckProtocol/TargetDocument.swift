/// A monitored target as the API shows it: never the password, only whether one is stored.
public struct TargetDocument: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var url: String
    public var username: String?
    public var hasPassword: Bool
    public var intervalSeconds: Int
    public var isPublic: Bool
    public var regions: [String]?
    public var createdAt: Int64
    public var nextRunAt: Int64

    public init(
        id: Int64, name: String, url: String, username: String?, hasPassword: Bool, intervalSeconds: Int, isPublic: Bool,
        regions: [String]?, createdAt: Int64, nextRunAt: Int64
    ) {
        self.id = id
        self.name = name
        self.url = url
        self.username = username
        self.hasPassword = hasPassword
        self.intervalSeconds = intervalSeconds
        self.isPublic = isPublic
        self.regions = regions
        self.createdAt = createdAt
        self.nextRunAt = nextRunAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, url, username
        case hasPassword = "has_password"
        case intervalSeconds = "interval_seconds"
        case isPublic = "public"
        case regions
        case createdAt = "created_at"
        case nextRunAt = "next_run_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.id, forKey: .id)
        try c.encode(self.name, forKey: .name)
        try c.encode(self.url, forKey: .url)
        try c.encode(self.username, forKey: .username)
        try c.encode(self.hasPassword, forKey: .hasPassword)
        try c.encode(self.intervalSeconds, forKey: .intervalSeconds)
        try c.encode(self.isPublic, forKey: .isPublic)
        try c.encode(self.regions, forKey: .regions)
        try c.encode(self.createdAt, forKey: .createdAt)
        try c.encode(self.nextRunAt, forKey: .nextRunAt)
    }
}
