import XCheckProtocol
/// The body of `POST /v1/checks`.
struct CheckRequest: Sendable, Decodable {
    var url: String
    var username: String?
    var password: String?
    var regions: [String]?
    var waitSeconds: Int?
    /// Keep the password away from the agents: they check reachability only.
    var `private`: Bool?

    enum CodingKeys: String, CodingKey {
        case url, username, password, regions
        case waitSeconds = "wait_seconds"
        case `private`
    }
}

/// The body of `POST /v1/targets`.
struct TargetRequest: Sendable, Decodable {
    var url: String
    var username: String?
    var password: String?
    var name: String?
    var intervalSeconds: Int
    var `public`: Bool?
    var regions: [String]?

    enum CodingKeys: String, CodingKey {
        case url, username, password, name
        case intervalSeconds = "interval_seconds"
        case `public`, regions
    }
}
