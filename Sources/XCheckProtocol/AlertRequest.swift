/// `POST /v1/alerts`: a new alert. `url` (webhook, discord) and `bot_token` (telegram) are secrets: stored
/// sealed, never returned.
public struct AlertRequest: Sendable, Codable {
    public var kind: AlertKind
    /// A name for lists; default: the kind and the redacted destination.
    public var name: String?
    /// Only this target; nil: every monitored target.
    public var targetID: Int64?
    /// The webhook URL (webhook, discord).
    public var url: String?
    /// The bot token (telegram).
    public var botToken: String?
    /// The chat id (telegram): a number, or `@channelname`.
    public var chatID: String?
    /// Webhook only: sign each POST with HMAC-SHA256 under a secret the coordinator makes and returns once.
    public var sign: Bool?

    public init(
        kind: AlertKind, name: String? = nil, targetID: Int64? = nil, url: String? = nil, botToken: String? = nil,
        chatID: String? = nil, sign: Bool? = nil
    ) {
        self.kind = kind
        self.name = name
        self.targetID = targetID
        self.url = url
        self.botToken = botToken
        self.chatID = chatID
        self.sign = sign
    }

    enum CodingKeys: String, CodingKey {
        case kind, name
        case targetID = "target_id"
        case url
        case botToken = "bot_token"
        case chatID = "chat_id"
        case sign
    }
}
