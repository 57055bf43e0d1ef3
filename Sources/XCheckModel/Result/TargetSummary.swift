/// The target of a check as it appears in results: never the password.
public struct TargetSummary: Sendable, Hashable, Codable {
    /// The base URL checked (scheme, host, port when not the default, base path).
    public var url: String
    public var scheme: ProbeTarget.Scheme
    public var host: String
    public var port: Int
    /// The username, when one was given.
    public var username: String?

    public init(url: String, scheme: ProbeTarget.Scheme, host: String, port: Int, username: String?) {
        self.url = url
        self.scheme = scheme
        self.host = host
        self.port = port
        self.username = username
    }

    public init(_ target: ProbeTarget) {
        self.init(url: target.baseURL, scheme: target.scheme, host: target.host, port: target.port, username: target.username)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.url, forKey: .url)
        try c.encode(self.scheme, forKey: .scheme)
        try c.encode(self.host, forKey: .host)
        try c.encode(self.port, forKey: .port)
        try c.encode(self.username, forKey: .username)
    }

    enum CodingKeys: String, CodingKey { case url, scheme, host, port, username }
}
