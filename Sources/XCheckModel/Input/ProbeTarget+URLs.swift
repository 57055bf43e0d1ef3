/// The URLs xcheck builds for a target.
extension ProbeTarget {
    /// The host as written in a URL: an IPv6 address in brackets (`[::1]`), anything else as it is.
    public var hostForURL: String {
        self.host.unicodeScalars.contains(":") ? "[\(self.host)]" : self.host
    }

    /// `scheme://host[:port]basePath`, without the port when it is the scheme's default.
    public var baseURL: String {
        let port = self.port == self.scheme.defaultPort ? "" : ":\(self.port)"
        return "\(self.scheme.rawValue)://\(self.hostForURL)\(port)\(self.basePath)"
    }

    /// The login URL: `{baseURL}/player_api.php?username=U&password=P` with both values percent-encoded, or
    /// `{baseURL}/player_api.php` without credentials. It contains the password: never log it.
    public func playerAPIURL() -> String {
        let endpoint = "\(self.baseURL)/player_api.php"
        guard let username = self.username, let password = self.password else { return endpoint }
        return endpoint + "?username=\(URLEncoding.percentEncode(username))"
            + "&password=\(URLEncoding.percentEncode(password.value))"
    }

    /// The same target on another scheme and port (for retrying http as https and the other way round).
    public func with(scheme: ProbeTarget.Scheme, port: Int) -> ProbeTarget {
        var copy = self
        copy.scheme = scheme
        copy.port = port
        return copy
    }

    /// The base URL and, when set, the username (`http://h:8080 (user: alice)`); never the password.
    public var redacted: String {
        guard let username = self.username else { return self.baseURL }
        return "\(self.baseURL) (user: \(username))"
    }
}
