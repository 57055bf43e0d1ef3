/// The scheme and port of a base URL such as `https://host:8443/base`, for advice sentences.
struct BaseURLParts: Sendable, Hashable {
    let scheme: String
    let port: Int?

    init(_ url: String) {
        guard let separator = url.firstRange(of: "://") else {
            self.scheme = "http"
            self.port = nil
            return
        }
        let scheme = url[..<separator.lowerBound].lowercased()
        let rest = url[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostEnd = authority.lastIndex(of: "]") ?? authority.startIndex
        var port: Int?
        if let colon = authority[hostEnd...].lastIndex(of: ":") {
            port = Int(authority[authority.index(after: colon)...])
        }
        self.scheme = scheme
        self.port = port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : nil)
    }

    /// "https on 443".
    var phrase: String {
        self.port.map { "\(self.scheme) on \($0)" } ?? self.scheme
    }
}
