@testable import XCheckModel

/// Real `player_api.php` login answers quoted in docs/notes (xtream-api.md §1.1), verbatim, and helpers
/// to build test answers.
enum XtreamSamples {
    /// XC v2 family, string-typed fields (pierre-emmanuelJ/iptv-proxy issue #160).
    static let xcV2 = #"""
        {"user_info":{"username":"username","password":"password","message":"Enjoy The Show !!!","auth":1,"status":"Active",
         "exp_date":"1746833038","is_trial":"0","active_cons":"0","created_at":"1715275438","max_connections":"1",
         "allowed_output_formats":["ts"]},
         "server_info":{"url":"example.com","port":"80","https_port":"","server_protocol":"http","rtmp_port":"8009",
         "timezone":"Europe\/London","timestamp_now":1729335877,"time_now":"2024-10-19 12:04:37","process":true}}
        """#

    /// XUI.one 1.5.5 (Kevinjil/Jellyfin.Xtream issue #230).
    static let xui155 = #"""
        {"user_info":{"username":"teste","password":"123456","message":"Bem vindo","auth":1,"status":"Active","exp_date":null,
         "is_trial":"0","active_cons":"1","created_at":"1743243036","max_connections":"6","allowed_output_formats":["m3u8","ts","rtmp"]},
         "server_info":{"xui":true,"version":"1.5.5","revision":2,"url":"jobs.xyz","port":"80","https_port":"443",
         "server_protocol":"http","rtmp_port":"8484","timestamp_now":1761674900,"time_now":"2025-10-28 15:08:20","timezone":"America/Sao_Paulo"}}
        """#

    /// Integer-typed re-implementation (m3u-filter, now tuliprox; euzu/tuliprox issue #17).
    static let tuliprox = #"""
        {"user_info":{"active_cons":0,"allowed_output_formats":["ts"],"auth":1,"created_at":1666639623,"exp_date":1729711623,
         "is_trial":0,"max_connections":1,"message":"Welcome to m3u-filter","password":"...","username":"home","status":"Active"},
         "server_info":{"url":"x.x.x.x","port":8901,"https_port":443,"server_protocol":"http","rtmp_port":1935,
         "timezone":"Europe/London","timestamp_now":1698175623,"time_now":"2023-10-24 20:27:03"}}
        """#

    /// All three, named.
    static let all: [(name: String, body: String)] = [("XC v2", xcV2), ("XUI 1.5.5", xui155), ("tuliprox", tuliprox)]

    /// XUI.one / XC_VM `generate404()`: its imitation of nginx's 404 page.
    static let xui404Page =
        "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n"
        + "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        + String(repeating: "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n", count: 5)
        + "<!-- a padding to disable MSIE and Chrome friendly error page -->"

    /// nginx's standard 403 page.
    static let nginx403Page =
        "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n"
        + "<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n"

    /// XUI / XC_VM `generateError` with `debug_show_errors` on (style sheet shortened).
    static func xuiDebugPage(_ code: String) -> String {
        "<html><head><title>Debug Mode</title><style>body{padding:0}</style></head><body><div id=\"notfound\">"
            + "<div class=\"notfound\"><div class=\"notfound-404\"><h1>XTREAMUI</h1><h2>\(code)</h2><br/></div>"
            + "<p></p></div></div></body></html>"
    }

    /// Cloudflare's "Just a moment..." interstitial (shortened).
    static let cloudflareChallengePage =
        "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title></head><body>"
        + "<script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1\"></script></body></html>"

    /// A body of `user_info` fields and optional `server_info` fields.
    static func login(_ userInfo: String, server: String? = nil) -> String {
        let serverPart = server.map { #","server_info":{\#($0)}"# } ?? ""
        return #"{"user_info":{\#(userInfo)}\#(serverPart)}"#
    }

    /// An answer with the given status, text body and headers (name, value).
    static func answer(
        _ status: Int, _ body: String = "", headers: [(String, String)] = [], truncated: Bool = false
    ) -> HTTPAnswer {
        HTTPAnswer(
            status: status,
            headers: headers.map { HTTPHeader(name: $0.0, value: $0.1) },
            body: Array(body.utf8),
            bodyTruncated: truncated
        )
    }
}
