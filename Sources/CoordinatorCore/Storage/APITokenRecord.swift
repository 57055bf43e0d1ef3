import XCheckProtocol
/// An API user's token, as stored (never the secret).
public struct APITokenRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var scope: Scope
    public var createdAt: Int64
    public var revokedAt: Int64?

    enum CodingKeys: String, CodingKey {
        case id, name, scope
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
    }
}
