/// Complete answers for the failure modes that still send an HTTP response.
enum FailureResponses {
    /// 200 `text/html` ISP block page.
    static var blockPage: PanelResponse {
        PanelResponse(status: 200, contentType: PanelResponse.phpHTML, text: HTMLPages.ispBlockPage)
    }

    /// Path prefix that the redirect loop toggles.
    static let loopPrefix = "/loop"

    /// 302 between `path` and `/loop` + `path`, query kept, so following it never ends.
    static func redirectLoop(for request: PanelRequest) -> PanelResponse {
        let target: String
        if request.path.hasPrefix(loopPrefix + "/") {
            target = String(request.path.dropFirst(loopPrefix.count))
        } else {
            target = loopPrefix + request.path
        }
        let location = request.query.map { "\(target)?\($0)" } ?? target
        return PanelResponse(
            status: 302,
            contentType: PanelResponse.html,
            body: Array(HTMLPages.nginxErrorPage(status: 302).utf8),
            extraHeaders: [("Location", location)]
        )
    }

    static func serverError(status: Int) -> PanelResponse {
        .nginxError(status)
    }

    static var rateLimited: PanelResponse {
        .nginxError(429)
    }

    /// XUI's block: 403 with an empty body.
    static var ipBlocked: PanelResponse {
        .empty(403)
    }

    /// A plausible `cf-ray` value: 16 hex digits and a colo code.
    static func cloudflareRay() -> String {
        let value = UInt64.random(in: 0x1000_0000_0000_0000...UInt64.max)
        let hex = String(value, radix: 16)
        return hex + "-LHR"
    }

    static var cloudflareChallenge: PanelResponse {
        PanelResponse(
            status: 403,
            contentType: "text/html; charset=UTF-8",
            body: Array(HTMLPages.cloudflareChallenge.utf8),
            extraHeaders: [
                ("cf-mitigated", "challenge"),
                ("Cache-Control", "private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0"),
                ("Expires", "Thu, 01 Jan 1970 00:00:01 GMT"),
                ("cf-ray", cloudflareRay()),
            ],
            server: "cloudflare"
        )
    }

    static func cloudflareOriginError(status: Int) -> PanelResponse {
        PanelResponse(
            status: status,
            contentType: "text/plain; charset=UTF-8",
            body: Array(HTMLPages.cloudflareOriginError(status: status).utf8),
            extraHeaders: [
                ("Cache-Control", "private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0"),
                ("Expires", "Thu, 01 Jan 1970 00:00:01 GMT"),
                ("cf-ray", cloudflareRay()),
            ],
            server: "cloudflare"
        )
    }

    /// nginx's answer to plain HTTP on a TLS port.
    static var plainHTTPToHTTPSPort: PanelResponse {
        PanelResponse(status: 400, contentType: PanelResponse.html, text: HTMLPages.plainHTTPToHTTPSPort)
    }
}
