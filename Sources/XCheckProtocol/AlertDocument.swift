/// An alert as the API shows it: the destination only in a redacted form (`https://hooks.example.net/…`,
/// `telegram chat 12345`), never the URL or the bot token.
public struct AlertDocument: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var kind: AlertKind
    /// nil: every monitored target.
    public var targetID: Int64?
    /// The redacted destination.
    public var destination: String
    /// True when POSTs carry an `X-XCheck-Signature` (webhook).
    public var signed: Bool
    public var createdAt: Int64
    /// Only in the answer to `POST /v1/alerts` with `"sign": true`: the HMAC secret, shown once.
    public var signingSecret: String?

    public init(
        id: Int64, name: String, kind: AlertKind, targetID: Int64?, destination: String, signed: Bool, createdAt: Int64,
        signingSecret: String? = nil
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.targetID = targetID
        self.destination = destination
        self.signed = signed
        self.createdAt = createdAt
        self.signingSecret = signingSecret
    }

    enum CodingKeys: String, CodingKey {
        case id, name, kind
        case targetID = "target_id"
        case destination, signed
        case createdAt = "created_at"
        case signingSecret = "signing_secret"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.id, forKey: .id)
        try c.encode(self.name, forKey: .name)
        try c.encode(self.kind, forKey: .kind)
        try c.encode(self.targetID, forKey: .targetID)
        try c.encode(self.destination, forKey: .destination)
        try c.encode(self.signed, forKey: .signed)
        try c.encode(self.createdAt, forKey: .createdAt)
        try c.encodeIfPresent(self.signingSecret, forKey: .signingSecret)
    }
}
