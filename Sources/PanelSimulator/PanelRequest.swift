/// One HTTP request as the panel logic sees it: no I/O types, parameters already merged.
struct PanelRequest {
    /// Upper-case HTTP method, e.g. `GET`.
    var method: String
    /// The raw path (still percent-encoded), without the query.
    var path: String
    /// The raw query after `?`, if any.
    var query: String?
    /// Query parameters merged with an urlencoded form body; body values win, as in PHP's `$_REQUEST`.
    var parameters: [String: String]

    init(method: String, uri: String, body: [UInt8] = [], contentType: String? = nil) {
        self.method = method.uppercased()
        if let questionMark = uri.firstIndex(of: "?") {
            path = String(uri[..<questionMark])
            query = String(uri[uri.index(after: questionMark)...])
        } else {
            path = uri
            query = nil
        }
        if path.isEmpty { path = "/" }
        var parameters = query.map { FormDecoding.parseQuery($0) } ?? [:]
        let isForm = contentType.map { $0.lowercased().hasPrefix("application/x-www-form-urlencoded") } ?? true
        if self.method == "POST", isForm, !body.isEmpty {
            for (key, value) in FormDecoding.parseQuery(String(decoding: body, as: UTF8.self)) {
                parameters[key] = value
            }
        }
        self.parameters = parameters
    }

    /// The path part of a request URI (everything before `?`).
    static func path(ofURI uri: String) -> String {
        let path = uri.firstIndex(of: "?").map { String(uri[..<$0]) } ?? uri
        return path.isEmpty ? "/" : path
    }

    /// The URI as received: path plus `?query`.
    var uri: String {
        query.map { "\(path)?\($0)" } ?? path
    }
}
