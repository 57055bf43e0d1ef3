/// The HTML bodies the simulator sends: nginx error pages, Cloudflare pages and an ISP block page.
enum HTMLPages {
    /// nginx's reason phrases (they differ from the RFC's for some codes, e.g. 302 and 503).
    static func nginxReason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Moved Temporarily"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Not Allowed"
        case 406: "Not Acceptable"
        case 408: "Request Time-out"
        case 413: "Request Entity Too Large"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Temporarily Unavailable"
        case 504: "Gateway Time-out"
        case 505: "HTTP Version Not Supported"
        case 507: "Insufficient Storage"
        case 520: "Web Server Returned an Unknown Error"
        case 521: "Web Server Is Down"
        case 522: "Connection Timed Out"
        case 523: "Origin Is Unreachable"
        case 524: "A Timeout Occurred"
        case 525: "SSL Handshake Failed"
        case 526: "Invalid SSL Certificate"
        case 527: "Railgun Error"
        case 530: "Origin DNS Error"
        default: status < 500 ? "Client Error" : "Server Error"
        }
    }

    /// The title nginx puts on its error page (302 says "Found" there, unlike its status line).
    private static func nginxTitle(_ status: Int) -> String {
        status == 302 ? "302 Found" : "\(status) \(nginxReason(status))"
    }

    /// nginx's built-in error page, CRLF line endings as nginx sends them.
    static func nginxErrorPage(status: Int) -> String {
        let title = nginxTitle(status)
        return "<html>\r\n<head><title>\(title)</title></head>\r\n<body>\r\n<center><h1>\(title)</h1></center>\r\n"
            + "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    }

    /// The six comment lines nginx (and XUI's imitation) append to error pages.
    static let msiePadding = String(
        repeating: "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n",
        count: 6
    )

    /// nginx's answer to plain HTTP on an HTTPS port.
    static let plainHTTPToHTTPSPort =
        "<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n"
        + "<center><h1>400 Bad Request</h1></center>\r\n"
        + "<center>The plain HTTP request was sent to HTTPS port</center>\r\n"
        + "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

    /// An ISP-style notice served where the panel's JSON was expected.
    static let ispBlockPage = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Access to this site has been blocked</title></head>
        <body>
        <h1>Access to this site has been blocked</h1>
        <p>Access to the requested website has been blocked by your internet service provider in accordance with an \
        order of the competent authority.</p>
        <p>Reference: SIM-BLOCK-0001</p>
        </body>
        </html>

        """

    /// Cloudflare's managed challenge page ("Just a moment..."), abridged.
    static let cloudflareChallenge = """
        <!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>\
        <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">\
        <meta http-equiv="X-UA-Compatible" content="IE=Edge">\
        <meta name="robots" content="noindex,nofollow">\
        <meta name="viewport" content="width=device-width,initial-scale=1"></head>\
        <body><div class="main-wrapper" role="main"><div class="main-content">\
        <noscript><div class="h2"><span id="challenge-error-text">Enable JavaScript and cookies to continue</span>\
        </div></noscript></div></div>\
        <script>(function(){window._cf_chl_opt={cvId: '3',cZone: "panel.example",cType: 'managed'};}());</script>\
        </body></html>
        """

    /// Cloudflare's plain-text body for origin errors (sent to non-browser clients).
    static func cloudflareOriginError(status: Int) -> String {
        "error code: \(status)"
    }
}
