/// A complete answer with its body in memory, before it is put on the wire.
struct PanelResponse {
    var status: Int
    /// Reason phrase for the status line (nginx's spelling, e.g. `Moved Temporarily`).
    var reason: String
    /// Headers besides `Server`, `Date`, `Content-Length` and `Connection`, which the handler adds.
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// Value of the `Server` header.
    var server: String = "nginx"

    init(
        status: Int,
        reason: String? = nil,
        contentType: String?,
        body: [UInt8],
        extraHeaders: [(name: String, value: String)] = [],
        server: String = "nginx"
    ) {
        self.status = status
        self.reason = reason ?? HTMLPages.nginxReason(status)
        self.headers = (contentType.map { [(name: "Content-Type", value: $0)] } ?? []) + extraHeaders
        self.body = body
        self.server = server
    }

    init(status: Int, reason: String? = nil, contentType: String?, text: String) {
        self.init(status: status, reason: reason, contentType: contentType, body: Array(text.utf8))
    }

    static let json = "application/json"
    static let html = "text/html"
    static let phpHTML = "text/html; charset=UTF-8"

    /// A JSON answer the way PHP sends it.
    static func json(_ body: [UInt8], status: Int = 200) -> PanelResponse {
        PanelResponse(status: status, contentType: json, body: body)
    }

    /// nginx's own error page for `status` (no MSIE padding: it is only sent to MSIE user agents).
    static func nginxError(_ status: Int) -> PanelResponse {
        PanelResponse(status: status, contentType: html, text: HTMLPages.nginxErrorPage(status: status))
    }

    /// XUI's imitation of nginx's 404, which always carries the six MSIE padding comments.
    static var xuiNotFound: PanelResponse {
        PanelResponse(
            status: 404,
            contentType: phpHTML,
            text: HTMLPages.nginxErrorPage(status: 404) + HTMLPages.msiePadding
        )
    }

    /// An empty body with the given status (PHP's default content type).
    static func empty(_ status: Int, contentType: String? = phpHTML) -> PanelResponse {
        PanelResponse(status: status, contentType: contentType, body: [])
    }
}
