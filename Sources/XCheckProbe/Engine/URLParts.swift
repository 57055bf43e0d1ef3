import XCheckModel

/// The parts of an absolute http(s) URL that a redirect hop needs: scheme, host, port and path.
struct URLParts: Sendable, Hashable {
    var scheme: ProbeTarget.Scheme
    var host: String
    var port: Int
    /// Path and query, starting with "/".
    var pathAndQuery: String
    var url: String

    /// Splits an absolute URL; nil when it is not http(s) or has no host.
    init?(_ url: String) {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        guard let scheme = ProbeTarget.Scheme(rawValue: url[..<schemeEnd.lowerBound].lowercased()) else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let delimiters: Set<Character> = ["/", "?", "#"]
        let authorityEnd = rest.firstIndex(where: { delimiters.contains($0) }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host: Substring
        var portText: Substring? = nil
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { return nil }
        var port = scheme.defaultPort
        if let portText, !portText.isEmpty {
            guard let p = Int(portText), (1...65535).contains(p) else { return nil }
            port = p
        }
        var path = String(rest[authorityEnd...])
        if let hash = path.firstIndex(of: "#") { path = String(path[..<hash]) }
        if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
        self.pathAndQuery = path
        self.url = url
    }
}
