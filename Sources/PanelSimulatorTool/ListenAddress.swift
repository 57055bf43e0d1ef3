/// A `HOST:PORT` command-line value (`127.0.0.1:8080`, `[::1]:8080`, `localhost:8080`).
struct ListenAddress {
    var host: String
    var port: Int

    /// Splits at the last colon; an IPv6 host must be in brackets.
    init(parsing text: String) throws(ToolError) {
        guard let colon = text.lastIndex(of: ":") else {
            throw .usage("listen address '\(text)' must be HOST:PORT")
        }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            throw .usage("IPv6 listen address '\(text)' needs brackets, e.g. [::1]:8080")
        }
        guard !host.isEmpty else { throw .usage("listen address '\(text)' has no host") }
        guard let port = Int(portText), (0...65_535).contains(port) else {
            throw .usage("listen address '\(text)' has an invalid port")
        }
        self.host = host
        self.port = port
    }
}
