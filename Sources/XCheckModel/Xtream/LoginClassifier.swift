#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns the answer to a `player_api.php` login request into a ``LoginAssessment``: is the panel down,
/// blocked, behind a CDN that refuses us, not a panel at all, or is the account the problem?
///
/// Pure: no I/O and no clock reads; `now` is passed in.
public enum LoginClassifier {
    /// Judges one answer.
    ///
    /// - Parameters:
    ///   - answer: what the server answered to `GET {base}/player_api.php?username=…&password=…`
    ///     (or to the same URL without credentials).
    ///   - credentialsGiven: false when the request carried no username and password (a port check):
    ///     then any non-5xx HTTP answer is ``Outcome/reachable``.
    ///   - knownFamily: the panel family learned from an earlier answer from the same host, if any.
    ///   - now: the agent's clock in Unix epoch seconds, used only when the panel sends no `timestamp_now`.
    public static func assess(
        _ answer: HTTPAnswer,
        credentialsGiven: Bool,
        knownFamily: PanelFamily = .unknown,
        now: Int64
    ) -> LoginAssessment {
        let status = answer.status
        let body = answer.body
        let serverHeader = Array((answer.header("server") ?? "").utf8)
        let servedByCloudflare = ByteText.contains("cloudflare", in: serverHeader)
        let cloudflareInPath = servedByCloudflare || answer.header("cf-ray") != nil
        let statusText = Self.describe(status)

        // A CDN challenge or a CDN that cannot reach the panel: nothing here is about the account.
        if Self.isCloudflareChallenge(answer, servedByCloudflare: servedByCloudflare) {
            return LoginAssessment(
                outcome: .cdnChallenge, stage: .http, panel: knownFamily,
                detail: "Cloudflare in front of the panel answered HTTP \(statusText) with a bot challenge "
                    + "instead of passing the request to the panel, so the account could not be checked.")
        }
        if cloudflareInPath, (520...527).contains(status) || status == 530 {
            return LoginAssessment(
                outcome: .cdnOriginError, stage: .http, panel: knownFamily,
                detail: "Cloudflare answered \(status): \(Self.cloudflareMeaning(status)).")
        }

        // Rate limits and blocks.
        if status == 429 {
            return LoginAssessment(
                outcome: .rateLimited, stage: .http, panel: knownFamily,
                detail: "The panel answered HTTP 429 Too Many Requests: it is limiting requests from this address, "
                    + "so wait\(Self.retryAfter(answer)) before checking again.")
        }
        if status == 403 {
            if ByteText.isBlank(body) || Self.isNginxErrorPage(body, code: "403 Forbidden") {
                let what = ByteText.isBlank(body) ? "an empty body" : "nginx's standard page"
                return LoginAssessment(
                    outcome: .rateLimited, stage: .http, panel: knownFamily,
                    detail: "The panel answered 403 Forbidden with \(what), "
                        + "which is how Xtream panels answer once their flood or brute-force protection has blocked "
                        + "this address; stop checking from here for a while.")
            }
            if credentialsGiven, Self.topLevelKeys(body).contains("error") {
                return LoginAssessment(
                    outcome: .credentialsRejected, stage: .login, panel: knownFamily,
                    detail: "The server answered 403 Forbidden with a JSON error: it refused these credentials "
                        + "(or this address).")
            }
        }
        if status == 400, ByteText.contains("plain HTTP request was sent to HTTPS port", in: body) {
            return LoginAssessment(
                outcome: .schemeMismatch, stage: .http, panel: knownFamily,
                detail: "The server answered that a plain HTTP request was sent to its HTTPS port: "
                    + "use https:// for this port.")
        }
        if answer.bodyTruncated {
            return LoginAssessment(
                outcome: .notXtream, stage: .http, panel: knownFamily,
                detail: "The answer was larger than the 1 MiB cap, which no login answer is, "
                    + "so this is not an Xtream panel's login.")
        }

        // A port check: any HTTP answer proves the server is there.
        if !credentialsGiven {
            let fingerprint = Self.fingerprint(answer, knownFamily: knownFamily)
            if (500...599).contains(status) {
                return LoginAssessment(
                    outcome: .httpError, stage: .http, panel: fingerprint.panel, server: fingerprint.server,
                    detail: "The server answered HTTP \(statusText): it is reachable, but the web server or the "
                        + "panel behind it is failing\(Self.viaCloudflare(cloudflareInPath)).")
            }
            return LoginAssessment(
                outcome: .reachable, stage: .http, panel: fingerprint.panel, server: fingerprint.server,
                detail: "The server answered HTTP \(statusText); no credentials were given, "
                    + "so only reachability was checked.")
        }

        if status == 401 {
            return LoginAssessment(
                outcome: .credentialsRejected, stage: .login, panel: knownFamily,
                detail: "The server answered 401 Unauthorized: it rejected the username or password.")
        }
        if status == 404 {
            if Self.isNginxErrorPage(body, code: nil) {
                // XUI's imitation of nginx's 404 always carries the MSIE padding; real nginx adds it only for
                // MSIE clients, so without it the server is nginx and the panel family is not known.
                let padded = ByteText.contains("a padding to disable MSIE", in: body)
                let panel: PanelFamily = knownFamily != .unknown ? knownFamily : (padded ? .xui : .unknown)
                return LoginAssessment(
                    outcome: .loginRejected, stage: .login, panel: panel,
                    detail: "The panel answered 404 with an nginx-style page, which is how XUI.one and XC_VM panels "
                        + "answer a wrong username or password and an inactive (expired, banned or disabled) line "
                        + "alike; a server without a panel at this address answers the same.")
            }
            return LoginAssessment(
                outcome: .httpError, stage: .http, panel: knownFamily,
                detail: "The server answered 404 Not Found for player_api.php: the URL's path is probably wrong "
                    + "(the panel may live under another path or port)\(Self.viaCloudflare(cloudflareInPath)).")
        }
        if (400...599).contains(status) {
            return LoginAssessment(
                outcome: .httpError, stage: .http, panel: knownFamily,
                detail: "The server answered HTTP \(statusText) instead of a login answer"
                    + "\(Self.viaCloudflare(cloudflareInPath)).")
        }
        if (300...399).contains(status) {
            return LoginAssessment(
                outcome: .notXtream, stage: .http, panel: knownFamily,
                detail: "The server answered the login with a redirect (HTTP \(statusText))"
                    + "\(Self.redirectTarget(answer)) "
                    + "instead of a login answer, which usually means a block page, a moved panel or a scheme change.")
        }
        guard (200...299).contains(status) else {
            return LoginAssessment(
                outcome: .httpError, stage: .http, panel: knownFamily,
                detail: "The server answered with an unexpected HTTP status \(status).")
        }
        return Self.assessSuccessBody(answer, knownFamily: knownFamily, now: now)
    }

    // MARK: - 2xx bodies

    /// A 2xx answer: empty, HTML (XUI debug page, block page, web site) or JSON.
    private static func assessSuccessBody(_ answer: HTTPAnswer, knownFamily: PanelFamily, now: Int64) -> LoginAssessment {
        let body = answer.body
        guard let first = ByteText.firstSignificantByte(body) else {
            return LoginAssessment(
                outcome: .notXtream, stage: .http, panel: knownFamily,
                detail: "The panel answered with an empty body instead of a login answer.")
        }
        let contentTypeIsHTML = ByteText.contains("text/html", in: Array((answer.header("content-type") ?? "").utf8))
        let startsLikeJSON = first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        if first == UInt8(ascii: "<") || (contentTypeIsHTML && !startsLikeJSON) {
            if let debug = Self.xuiDebugAssessment(body) { return debug }
            // PHP warnings printed before the JSON (display_errors on): read the JSON that follows them.
            if let start = ByteText.firstIndex(of: "{\"user_info\"", in: body),
                let response = try? XtreamLoginResponse.decode(Array(body[start...]))
            {
                return Self.assessLogin(response, knownFamily: knownFamily, now: now)
            }
            return LoginAssessment(
                outcome: .notXtream, stage: .http, panel: knownFamily,
                detail: "The server answered with an HTML page instead of a login answer "
                    + "(a block page, a captive portal or an ordinary web site).")
        }
        do {
            let response = try XtreamLoginResponse.decode(body)
            return Self.assessLogin(response, knownFamily: knownFamily, now: now)
        } catch {
            return LoginAssessment(
                outcome: .notXtream, stage: .http, panel: knownFamily,
                detail: "The server answered HTTP \(answer.status) but not as an Xtream panel: \(error.message).")
        }
    }

    /// The account rules applied to a decoded login answer.
    private static func assessLogin(
        _ response: XtreamLoginResponse, knownFamily: PanelFamily, now: Int64
    ) -> LoginAssessment {
        let server = response.server
        let isXUI = server?.isXUI == true

        if response.auth == false {
            return LoginAssessment(
                outcome: .credentialsRejected, stage: .login,
                panel: isXUI ? .xui : (knownFamily == .unknown ? .xtreamCodes : knownFamily),
                server: server,
                detail: "The panel answered the login with auth 0: it rejected the username or password.")
        }
        if response.auth == nil && response.status == nil {
            return LoginAssessment(
                outcome: .notXtream, stage: .http, panel: isXUI ? .xui : knownFamily, server: server,
                detail: "The JSON answer has a user_info without auth or status, so it is not a login answer.")
        }

        let panel: PanelFamily = isXUI ? .xui : .xtreamCodes
        let account = response.account(now: now)
        let reference = response.referenceTime(now: now)
        let clock = server?.timestampNow != nil ? "the panel's clock" : "the checking agent's clock"

        func login(_ outcome: Outcome, _ detail: String) -> LoginAssessment {
            LoginAssessment(outcome: outcome, stage: .login, panel: panel, account: account, server: server, detail: detail)
        }

        switch account.status {
        case .banned:
            return login(.accountBanned, "The panel reports the account as banned by the provider.")
        case .disabled:
            return login(.accountDisabled, "The panel reports the account as disabled by the provider.")
        default:
            break
        }
        let datePassed = account.expiresAt.map { $0 <= reference } ?? false
        if account.status == .expired || datePassed {
            let ago = account.expiresAt.map { Self.ago(from: $0, to: reference) }
            if account.status == .expired {
                let when = ago.map { " (its expiry date passed \($0) on \(clock))" } ?? ""
                return login(.accountExpired, "The panel reports the account as expired\(when).")
            }
            return login(
                .accountExpired,
                "The account's expiry date passed \(ago ?? "already") on \(clock), "
                    + "although the panel does not report it as expired.")
        }
        if let max = account.maxConnections, max > 0, let active = account.activeConnections, active >= max {
            return login(
                .maxConnectionsReached,
                "The account is active, but the panel counts \(active) open connection\(active == 1 ? "" : "s") "
                    + "for a limit of \(max), so a new stream may disconnect another viewer or be refused.")
        }
        return login(.ok, Self.okDetail(account, hadStatus: response.status != nil))
    }

    /// "Logged in: the account is active; it expires in 12 days; 1 of 6 connections are in use."
    private static func okDetail(_ account: AccountInfo, hadStatus: Bool) -> String {
        var parts: [String] = []
        if account.status == .active {
            parts.append(account.isTrial ? "the trial account is active" : "the account is active")
        } else {
            parts.append(
                hadStatus ? "the panel sent an account status xcheck does not know" : "the panel sent no account status")
            if account.isTrial { parts.append("it is a trial line") }
        }
        if let days = account.daysLeft {
            parts.append(days == 0 ? "it expires within a day" : "it expires in \(days) day\(days == 1 ? "" : "s")")
        } else {
            parts.append("it never expires")
        }
        if let max = account.maxConnections {
            if max == 0 {
                parts.append("its connections are unlimited")
            } else if let active = account.activeConnections {
                parts.append("\(active) of \(max) connections are in use")
            } else {
                parts.append("it allows \(max) connection\(max == 1 ? "" : "s")")
            }
        }
        return "Logged in: " + parts.joined(separator: "; ") + "."
    }

    /// "3 days ago", "1 day ago" or "less than a day ago", without overflow on absurd values.
    private static func ago(from expiresAt: Int64, to reference: Int64) -> String {
        let (difference, overflow) = reference.subtractingReportingOverflow(expiresAt)
        let days = overflow ? Int64.max / 86_400 : max(0, difference) / 86_400
        switch days {
        case 0: return "less than a day ago"
        case 1: return "1 day ago"
        default: return "\(days) days ago"
        }
    }

    // MARK: - Recognisers

    /// `cf-mitigated: challenge`, or a Cloudflare 403/429/503 with the interstitial page.
    private static func isCloudflareChallenge(_ answer: HTTPAnswer, servedByCloudflare: Bool) -> Bool {
        if let mitigated = answer.header("cf-mitigated"),
            ByteText.asciiLowercased(ByteText.trimmed(mitigated)) == "challenge"
        {
            return true
        }
        guard servedByCloudflare, [403, 429, 503].contains(answer.status) else { return false }
        return ByteText.contains("Just a moment", in: answer.body)
            || ByteText.contains("challenge-platform", in: answer.body)
    }

    /// nginx's own error page (or XUI's imitation of it): "<center>nginx" or the MSIE padding comment.
    /// With `code`, the page must also carry that status line (e.g. "403 Forbidden").
    private static func isNginxErrorPage(_ body: [UInt8], code: String?) -> Bool {
        let nginx = ByteText.contains("<center>nginx", in: body)
            || ByteText.contains("a padding to disable MSIE", in: body)
        guard nginx, let code else { return nginx }
        return ByteText.contains(code, in: body)
    }

    /// The XUI error codes shown by its debug page, most specific verdict first.
    private static let xuiDebugCodes: [(code: String, outcome: Outcome, detail: String)] = [
        ("INVALID_CREDENTIALS", .credentialsRejected,
         "The panel's debug page says INVALID_CREDENTIALS: XUI rejected the username or password."),
        ("BANNED", .accountBanned, "The panel's debug page says BANNED: the account is banned by the provider."),
        ("DISABLED", .accountDisabled, "The panel's debug page says DISABLED: the account is disabled by the provider."),
        ("EXPIRED", .accountExpired, "The panel's debug page says EXPIRED: the account has expired."),
    ]

    /// An XUI panel with `debug_show_errors` on answers 200 with an HTML page naming the error code.
    /// INVALID_CREDENTIALS is distinctive anywhere; the generic words need the page to look like XUI's
    /// debug page (the code as an element's whole text, or the page's title/heading).
    private static func xuiDebugAssessment(_ body: [UInt8]) -> LoginAssessment? {
        let looksLikeDebugPage = ByteText.contains("Debug Mode", in: body) || ByteText.contains("XTREAMUI", in: body)
        for entry in Self.xuiDebugCodes {
            let asElement = ByteText.contains(">\(entry.code)<", in: body, ignoringCase: false)
            let asWord = ByteText.containsWord(entry.code, in: body)
            let found = asElement || (asWord && (looksLikeDebugPage || entry.code == "INVALID_CREDENTIALS"))
            if found {
                return LoginAssessment(outcome: entry.outcome, stage: .login, panel: .xui, detail: entry.detail)
            }
        }
        return nil
    }

    /// The family and server_info visible in an answer to a request without credentials.
    private static func fingerprint(
        _ answer: HTTPAnswer, knownFamily: PanelFamily
    ) -> (panel: PanelFamily, server: ServerInfo?) {
        if (200...299).contains(answer.status), let response = try? XtreamLoginResponse.decode(answer.body) {
            return (response.server?.isXUI == true ? .xui : .xtreamCodes, response.server)
        }
        // XUI's imitation of nginx's 404 always carries the MSIE padding; real nginx only adds it for MSIE clients.
        if answer.status == 404, knownFamily == .unknown,
            ByteText.contains("a padding to disable MSIE", in: answer.body)
        {
            return (.xui, nil)
        }
        return (knownFamily, nil)
    }

    /// The top-level keys of a JSON object body; empty for anything else.
    private static func topLevelKeys(_ body: [UInt8]) -> Set<String> {
        let range = ByteText.trimmedRange(body)
        guard !range.isEmpty, body[range.lowerBound] == UInt8(ascii: "{") else { return [] }
        return (try? JSONDecoder().decode(KeyList.self, from: Data(body[range])).keys) ?? []
    }

    /// Decodes only the key names of a JSON object.
    private struct KeyList: Decodable {
        var keys: Set<String>

        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { return nil }
        }

        init(from decoder: any Decoder) throws {
            self.keys = Set(try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue))
        }
    }

    // MARK: - Wording

    /// "503 Service Unavailable", or just the number for codes without a common phrase.
    private static func describe(_ status: Int) -> String {
        Self.reasonPhrases[status].map { "\(status) \($0)" } ?? "\(status)"
    }

    /// Reason phrases for the statuses a panel, proxy or CDN commonly answers.
    private static let reasonPhrases: [Int: String] = [
        200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 206: "Partial Content",
        301: "Moved Permanently", 302: "Found", 303: "See Other", 307: "Temporary Redirect",
        308: "Permanent Redirect", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
        404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable", 408: "Request Timeout",
        410: "Gone", 413: "Content Too Large", 418: "I'm a teapot", 429: "Too Many Requests",
        444: "No Response", 451: "Unavailable For Legal Reasons", 500: "Internal Server Error",
        501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
        505: "HTTP Version Not Supported",
    ]

    /// What a Cloudflare 52x/530 means for the origin (the panel server behind Cloudflare).
    private static func cloudflareMeaning(_ status: Int) -> String {
        switch status {
        case 520: return "the panel's origin server sent it an empty or unexpected answer"
        case 521:
            return "the panel's origin server refused its connection, so the panel service is down or blocks Cloudflare"
        case 522: return "its connection to the panel's origin server timed out, so the origin is down or unreachable"
        case 523: return "the panel's origin server is unreachable from Cloudflare (no route or bad DNS record)"
        case 524: return "the panel's origin server accepted the connection but did not answer in time"
        case 525: return "the TLS handshake with the panel's origin server failed"
        case 526: return "the panel's origin server presented an invalid TLS certificate"
        case 527: return "its Railgun connection to the panel's origin server failed"
        default: return "it could not resolve or reach the panel's origin server"
        }
    }

    /// " (answered through Cloudflare)" when Cloudflare is in the path.
    private static func viaCloudflare(_ cloudflareInPath: Bool) -> String {
        cloudflareInPath ? " (answered through Cloudflare)" : ""
    }

    /// " (about 120 s)" from a numeric Retry-After header, else "".
    private static func retryAfter(_ answer: HTTPAnswer) -> String {
        guard let value = answer.header("retry-after").map(ByteText.trimmed),
            !value.isEmpty, value.utf8.count <= 9, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let seconds = Int(value)
        else { return "" }
        return " (the panel asks for \(seconds) s)"
    }

    /// " to https://host:port" from the Location header: scheme and host only, never a path, query or
    /// user-info (a redirect may repeat the credentials).
    private static func redirectTarget(_ answer: HTTPAnswer) -> String {
        guard let location = answer.header("location").map(ByteText.trimmed) else { return "" }
        let bytes = Array(location.utf8)
        guard let separator = ByteText.firstIndex(of: "://", in: bytes) else { return "" }
        let scheme = ByteText.asciiLowercased(String(decoding: bytes[..<separator], as: UTF8.self))
        guard scheme == "http" || scheme == "https" else { return "" }
        let ends: Set<UInt8> = [UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#")]
        var authority = Array(bytes[(separator + 3)...].prefix { !ends.contains($0) })
        if let at = authority.lastIndex(of: UInt8(ascii: "@")) {
            authority = Array(authority[(at + 1)...])
        }
        let allowed = authority.allSatisfy { byte in
            ByteText.isIdentifierByte(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
        }
        guard !authority.isEmpty, authority.count <= 255, allowed else { return "" }
        return " to \(scheme)://\(String(decoding: authority, as: UTF8.self))"
    }
}
