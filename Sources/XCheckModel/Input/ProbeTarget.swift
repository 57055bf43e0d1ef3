/// An Xtream server to check, as parsed from what the user pasted: scheme, host, port, base path and the
/// optional credentials. Build one with ``TargetParser``.
public struct ProbeTarget: Sendable, Hashable {
    /// The URL scheme; only http and https are accepted.
    public enum Scheme: String, Sendable, Hashable, Codable, CaseIterable {
        case http, https
        /// 80 for http, 443 for https.
        public var defaultPort: Int { self == .http ? 80 : 443 }
    }

    /// http or https.
    public var scheme: Scheme
    /// The host name (lower-cased) or IP address; an IPv6 address is kept without brackets.
    public var host: String
    /// The TCP port (the scheme's default when the input named none).
    public var port: Int
    /// A base path the panel lives under, without a trailing slash: `""` or `"/panel"`.
    public var basePath: String
    /// The username, exactly as given (never trimmed or altered).
    public var username: String?
    /// The password, exactly as given (never trimmed or altered). Redacted in every description.
    public var password: Password?

    public init(
        scheme: Scheme,
        host: String,
        port: Int? = nil,
        basePath: String = "",
        username: String? = nil,
        password: Password? = nil
    ) {
        self.scheme = scheme
        self.host = host
        self.port = port ?? scheme.defaultPort
        self.basePath = basePath
        self.username = username
        self.password = password
    }

    /// True when both a username and a password were given.
    public var hasCredentials: Bool { self.username != nil && self.password != nil }
}
