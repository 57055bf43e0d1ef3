#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import XCheckModel

/// One answer and the assessment it must get.
struct ClassifierCase: Sendable, CustomTestStringConvertible {
    var name: String
    var answer: HTTPAnswer
    var credentialsGiven = true
    var knownFamily: PanelFamily = .unknown
    var now: Int64 = LoginClassifierTests.now
    var outcome: Outcome
    var stage: Stage
    var panel: PanelFamily = .unknown
    /// A phrase the detail must contain (case-sensitive), if any.
    var detailContains: String?
    var testDescription: String { self.name }
}

@Suite("LoginClassifier")
struct LoginClassifierTests {
    /// The agent's clock in these tests: 2025-01-01T00:00:00Z.
    static let now: Int64 = 1_735_689_600
    /// A panel clock for account rules.
    static let panelNow: Int64 = 1_700_000_000

    static func json(_ userInfo: String, status: Int = 200, server: String? = #""timestamp_now":1700000000"#) -> HTTPAnswer {
        XtreamSamples.answer(status, XtreamSamples.login(userInfo, server: server), headers: [("Content-Type", "application/json")])
    }

    static let cloudflare = [("Server", "cloudflare"), ("CF-RAY", "8f1e2d3c4b5a6978-FRA")]

    // MARK: Real samples

    static let sampleCases: [ClassifierCase] = [
        ClassifierCase(
            name: "XC v2 sample: ok", answer: XtreamSamples.answer(200, XtreamSamples.xcV2),
            outcome: .ok, stage: .login, panel: .xtreamCodes, detailContains: "expires in 202 days"),
        ClassifierCase(
            name: "XUI 1.5.5 sample: ok", answer: XtreamSamples.answer(200, XtreamSamples.xui155),
            outcome: .ok, stage: .login, panel: .xui, detailContains: "1 of 6 connections are in use"),
        ClassifierCase(
            name: "tuliprox sample: ok", answer: XtreamSamples.answer(200, XtreamSamples.tuliprox),
            outcome: .ok, stage: .login, panel: .xtreamCodes, detailContains: "expires in 365 days"),
    ]

    // MARK: HTTP-layer rules

    static let httpCases: [ClassifierCase] = {
        var cases: [ClassifierCase] = [
            // Cloudflare challenge
            ClassifierCase(
                name: "cf-mitigated: challenge", answer: XtreamSamples.answer(403, "", headers: [("cf-mitigated", "challenge")]),
                outcome: .cdnChallenge, stage: .http),
            ClassifierCase(
                name: "Cloudflare 503 Just a moment",
                answer: XtreamSamples.answer(503, XtreamSamples.cloudflareChallengePage, headers: Self.cloudflare),
                outcome: .cdnChallenge, stage: .http, detailContains: "Cloudflare"),
            ClassifierCase(
                name: "Cloudflare 403 challenge-platform",
                answer: XtreamSamples.answer(403, "<html><script src=\"/cdn-cgi/challenge-platform/x\"></script></html>",
                    headers: [("server", "cloudflare")]),
                outcome: .cdnChallenge, stage: .http),
            ClassifierCase(
                name: "Cloudflare 429 challenge beats rate limit",
                answer: XtreamSamples.answer(429, XtreamSamples.cloudflareChallengePage, headers: Self.cloudflare),
                outcome: .cdnChallenge, stage: .http),
            ClassifierCase(
                name: "challenge without credentials",
                answer: XtreamSamples.answer(403, "", headers: [("CF-Mitigated", " Challenge ")]),
                credentialsGiven: false, outcome: .cdnChallenge, stage: .http),
            ClassifierCase(
                name: "Just a moment page not from Cloudflare is not a CDN challenge",
                answer: XtreamSamples.answer(503, XtreamSamples.cloudflareChallengePage),
                outcome: .httpError, stage: .http),
            // Rate limits and blocks
            ClassifierCase(
                name: "429", answer: XtreamSamples.answer(429, "Too Many Requests"),
                outcome: .rateLimited, stage: .http, detailContains: "429"),
            ClassifierCase(
                name: "429 with Retry-After", answer: XtreamSamples.answer(429, "", headers: [("Retry-After", "120")]),
                outcome: .rateLimited, stage: .http, detailContains: "120 s"),
            ClassifierCase(
                name: "429 without credentials", answer: XtreamSamples.answer(429),
                credentialsGiven: false, outcome: .rateLimited, stage: .http),
            ClassifierCase(
                name: "403 empty body (XUI block)", answer: XtreamSamples.answer(403, "", headers: [("Server", "nginx")]),
                outcome: .rateLimited, stage: .http, detailContains: "brute-force"),
            ClassifierCase(
                name: "403 whitespace body", answer: XtreamSamples.answer(403, " \r\n"),
                outcome: .rateLimited, stage: .http),
            ClassifierCase(
                name: "403 nginx page", answer: XtreamSamples.answer(403, XtreamSamples.nginx403Page),
                outcome: .rateLimited, stage: .http, detailContains: "flood"),
            ClassifierCase(
                name: "403 JSON error (Dispatcharr)", answer: XtreamSamples.answer(403, #"{"error":"Forbidden"}"#),
                outcome: .credentialsRejected, stage: .login),
            ClassifierCase(
                // Without credentials nothing was refused: the server answered, so it is reachable.
                name: "403 JSON error without credentials", answer: XtreamSamples.answer(403, #"{"error":"Forbidden"}"#),
                credentialsGiven: false, outcome: .reachable, stage: .http),
            ClassifierCase(
                name: "403 other HTML", answer: XtreamSamples.answer(403, "<html>Access denied by policy</html>"),
                outcome: .httpError, stage: .http, detailContains: "403 Forbidden"),
            ClassifierCase(
                name: "403 JSON without error key", answer: XtreamSamples.answer(403, #"{"detail":"no"}"#),
                outcome: .httpError, stage: .http),
            // Scheme mismatch
            ClassifierCase(
                name: "400 plain HTTP to HTTPS port",
                answer: XtreamSamples.answer(
                    400, "<html><head><title>400 The plain HTTP request was sent to HTTPS port</title></head></html>"),
                outcome: .schemeMismatch, stage: .http, detailContains: "https://"),
            ClassifierCase(
                name: "400 plain HTTP without credentials",
                answer: XtreamSamples.answer(400, "The plain HTTP request was sent to HTTPS port"),
                credentialsGiven: false, outcome: .schemeMismatch, stage: .http),
            ClassifierCase(
                name: "400 other", answer: XtreamSamples.answer(400, "Bad Request"),
                outcome: .httpError, stage: .http, detailContains: "400 Bad Request"),
            // Oversized
            ClassifierCase(
                name: "truncated body", answer: XtreamSamples.answer(200, "[{\"num\":1},", truncated: true),
                outcome: .notXtream, stage: .http, detailContains: "larger than the 1 MiB cap"),
            // No credentials: a port check
            ClassifierCase(
                name: "no credentials, 200 empty (XC v2)", answer: XtreamSamples.answer(200),
                credentialsGiven: false, outcome: .reachable, stage: .http),
            ClassifierCase(
                name: "no credentials, 302", answer: XtreamSamples.answer(302, "", headers: [("Location", "/index.php")]),
                credentialsGiven: false, outcome: .reachable, stage: .http),
            ClassifierCase(
                name: "no credentials, 401", answer: XtreamSamples.answer(401),
                credentialsGiven: false, outcome: .reachable, stage: .http),
            ClassifierCase(
                name: "no credentials, XUI 404 page", answer: XtreamSamples.answer(404, XtreamSamples.xui404Page),
                credentialsGiven: false, outcome: .reachable, stage: .http, panel: .xui),
            ClassifierCase(
                name: "no credentials, plain nginx 404 keeps known family",
                answer: XtreamSamples.answer(404, "<center>nginx</center>"),
                credentialsGiven: false, knownFamily: .xtreamCodes, outcome: .reachable, stage: .http, panel: .xtreamCodes),
            ClassifierCase(
                name: "no credentials, XUI login JSON fingerprints", answer: XtreamSamples.answer(200, XtreamSamples.xui155),
                credentialsGiven: false, outcome: .reachable, stage: .http, panel: .xui),
            ClassifierCase(
                name: "no credentials, 500", answer: XtreamSamples.answer(500),
                credentialsGiven: false, outcome: .httpError, stage: .http, detailContains: "500"),
            ClassifierCase(
                name: "no credentials, 503", answer: XtreamSamples.answer(503),
                credentialsGiven: false, knownFamily: .xui, outcome: .httpError, stage: .http, panel: .xui),
            // 401
            ClassifierCase(
                name: "401 empty (iptv-proxy)", answer: XtreamSamples.answer(401),
                outcome: .credentialsRejected, stage: .login, detailContains: "401"),
            ClassifierCase(
                name: "401 JSON auth 0", answer: XtreamSamples.answer(401, #"{"user_info":{"auth":0}}"#),
                outcome: .credentialsRejected, stage: .login),
            ClassifierCase(
                name: "401 JSON error (Dispatcharr)", answer: XtreamSamples.answer(401, #"{"error":"Unauthorized"}"#),
                knownFamily: .xtreamCodes, outcome: .credentialsRejected, stage: .login, panel: .xtreamCodes),
            // 404
            ClassifierCase(
                name: "XUI 404 page", answer: XtreamSamples.answer(404, XtreamSamples.xui404Page),
                outcome: .loginRejected, stage: .login, panel: .xui, detailContains: "expired, banned or disabled"),
            ClassifierCase(
                // Real nginx adds the MSIE padding only for MSIE clients: without it, the family is not known.
                name: "nginx 404 without padding",
                answer: XtreamSamples.answer(404, "<html><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>"),
                outcome: .loginRejected, stage: .login, panel: .unknown),
            ClassifierCase(
                name: "XUI 404 page on a panel known as XC family (XC_VM)",
                answer: XtreamSamples.answer(404, XtreamSamples.xui404Page),
                knownFamily: .xtreamCodes, outcome: .loginRejected, stage: .login, panel: .xtreamCodes),
            ClassifierCase(
                name: "404 Apache page", answer: XtreamSamples.answer(404, "<html><body><h1>Not Found</h1><address>Apache</address></body></html>"),
                outcome: .httpError, stage: .http, detailContains: "path"),
            ClassifierCase(
                name: "404 empty", answer: XtreamSamples.answer(404),
                outcome: .httpError, stage: .http, detailContains: "path"),
            // Other HTTP errors
            ClassifierCase(
                name: "500", answer: XtreamSamples.answer(500, "Internal Server Error"),
                outcome: .httpError, stage: .http, detailContains: "500 Internal Server Error"),
            ClassifierCase(
                name: "502", answer: XtreamSamples.answer(502), outcome: .httpError, stage: .http, detailContains: "502"),
            ClassifierCase(
                name: "522 without Cloudflare", answer: XtreamSamples.answer(522),
                outcome: .httpError, stage: .http, detailContains: "522"),
            ClassifierCase(
                name: "405", answer: XtreamSamples.answer(405), outcome: .httpError, stage: .http, detailContains: "405"),
            ClassifierCase(
                name: "Cloudflare 403 block page", answer: XtreamSamples.answer(403, "<html>Sorry, you have been blocked</html>", headers: Self.cloudflare),
                outcome: .httpError, stage: .http, detailContains: "Cloudflare"),
            ClassifierCase(
                name: "1xx", answer: XtreamSamples.answer(101), outcome: .httpError, stage: .http),
            ClassifierCase(
                name: "status 0", answer: XtreamSamples.answer(0), outcome: .httpError, stage: .http),
            // Redirects
            ClassifierCase(
                name: "302 to a block page",
                answer: XtreamSamples.answer(302, "", headers: [("Location", "http://user:secret@blocked.example/notice?u=1")]),
                outcome: .notXtream, stage: .http, detailContains: "to http://blocked.example"),
            ClassifierCase(
                name: "301 without Location", answer: XtreamSamples.answer(301), outcome: .notXtream, stage: .http),
        ]
        // Cloudflare origin errors, each with its meaning.
        let meanings: [(Int, String)] = [
            (520, "empty or unexpected"), (521, "refused"), (522, "timed out"), (523, "unreachable"),
            (524, "did not answer in time"), (525, "TLS handshake"), (526, "invalid TLS certificate"),
            (527, "Railgun"), (530, "resolve or reach"),
        ]
        for (code, meaning) in meanings {
            cases.append(ClassifierCase(
                name: "Cloudflare \(code)", answer: XtreamSamples.answer(code, "error code: \(code)", headers: Self.cloudflare),
                outcome: .cdnOriginError, stage: .http, detailContains: meaning))
        }
        cases.append(ClassifierCase(
            name: "Cloudflare 522 with only cf-ray",
            answer: XtreamSamples.answer(522, "", headers: [("cf-ray", "8f1e2d3c4b5a6978-AMS")]),
            outcome: .cdnOriginError, stage: .http, detailContains: "522"))
        cases.append(ClassifierCase(
            name: "Cloudflare 521 without credentials", answer: XtreamSamples.answer(521, "", headers: Self.cloudflare),
            credentialsGiven: false, knownFamily: .xui, outcome: .cdnOriginError, stage: .http, panel: .xui))
        return cases
    }()

    // MARK: 2xx bodies

    static let bodyCases: [ClassifierCase] = [
        ClassifierCase(
            name: "200 empty body (XC v2 missing credentials)", answer: XtreamSamples.answer(200),
            outcome: .notXtream, stage: .http, detailContains: "empty body"),
        ClassifierCase(
            name: "200 whitespace body", answer: XtreamSamples.answer(200, "\n"),
            outcome: .notXtream, stage: .http, detailContains: "empty body"),
        ClassifierCase(
            // The debug page names the exact cause, so this is a credentials rejection, not XUI's ambiguous 404.
            name: "XUI debug INVALID_CREDENTIALS", answer: XtreamSamples.answer(200, XtreamSamples.xuiDebugPage("INVALID_CREDENTIALS")),
            outcome: .credentialsRejected, stage: .login, panel: .xui, detailContains: "INVALID_CREDENTIALS"),
        ClassifierCase(
            name: "XUI debug EXPIRED", answer: XtreamSamples.answer(200, XtreamSamples.xuiDebugPage("EXPIRED")),
            outcome: .accountExpired, stage: .login, panel: .xui),
        ClassifierCase(
            name: "XUI debug BANNED", answer: XtreamSamples.answer(200, XtreamSamples.xuiDebugPage("BANNED")),
            outcome: .accountBanned, stage: .login, panel: .xui),
        ClassifierCase(
            name: "XUI debug DISABLED", answer: XtreamSamples.answer(200, XtreamSamples.xuiDebugPage("DISABLED")),
            outcome: .accountDisabled, stage: .login, panel: .xui),
        ClassifierCase(
            name: "XUI debug USER_DISALLOW_EXT is not DISABLED",
            answer: XtreamSamples.answer(200, XtreamSamples.xuiDebugPage("USER_DISALLOW_EXT")),
            outcome: .notXtream, stage: .http),
        ClassifierCase(
            name: "block page mentioning DISABLED", answer: XtreamSamples.answer(200, "<html><h1>ACCESS DISABLED by your ISP</h1></html>"),
            outcome: .notXtream, stage: .http, detailContains: "HTML"),
        ClassifierCase(
            name: "web site", answer: XtreamSamples.answer(200, "<!doctype html><html><title>Welcome</title></html>"),
            outcome: .notXtream, stage: .http),
        ClassifierCase(
            name: "text/html non-JSON", answer: XtreamSamples.answer(200, "Blocked", headers: [("Content-Type", "text/html; charset=UTF-8")]),
            outcome: .notXtream, stage: .http, detailContains: "HTML"),
        ClassifierCase(
            name: "JSON sent as text/html", answer: XtreamSamples.answer(200, XtreamSamples.xcV2, headers: [("Content-Type", "text/html")]),
            outcome: .ok, stage: .login, panel: .xtreamCodes),
        ClassifierCase(
            name: "PHP warning before JSON",
            answer: XtreamSamples.answer(200, "<br />\n<b>Warning</b>:  Undefined index in <b>/home/xtreamcodes/player_api.php</b><br />\n" + XtreamSamples.xcV2),
            outcome: .ok, stage: .login, panel: .xtreamCodes),
        ClassifierCase(
            name: "garbage", answer: XtreamSamples.answer(200, "\u{01}\u{02}garbage"),
            outcome: .notXtream, stage: .http, detailContains: "the answer is not JSON"),
        ClassifierCase(
            name: "JSON array (an action list)", answer: XtreamSamples.answer(200, #"[{"category_id":"1"}]"#),
            outcome: .notXtream, stage: .http, detailContains: "JSON array"),
        ClassifierCase(
            name: "unrelated JSON object", answer: XtreamSamples.answer(200, #"{"status":"ok"}"#),
            outcome: .notXtream, stage: .http, detailContains: "no user_info"),
        ClassifierCase(
            name: "user_info without auth or status", answer: Self.json(#""message":"hi""#),
            outcome: .notXtream, stage: .http),
        ClassifierCase(
            name: "user_info empty PHP array", answer: XtreamSamples.answer(200, #"{"user_info":[]}"#),
            outcome: .notXtream, stage: .http),
    ]

    // MARK: Account rules

    static let accountCases: [ClassifierCase] = [
        ClassifierCase(
            name: "auth 0 (XC v2 wrong password)", answer: XtreamSamples.answer(200, #"{"user_info":{"auth":0}}"#),
            outcome: .credentialsRejected, stage: .login, panel: .xtreamCodes, detailContains: "auth 0"),
        ClassifierCase(
            name: "auth string 0", answer: Self.json(#""auth":"0""#),
            outcome: .credentialsRejected, stage: .login, panel: .xtreamCodes),
        ClassifierCase(
            name: "auth false", answer: Self.json(#""auth":false"#),
            outcome: .credentialsRejected, stage: .login, panel: .xtreamCodes),
        ClassifierCase(
            name: "auth 0 beats status Active", answer: Self.json(#""auth":0,"status":"Active""#),
            outcome: .credentialsRejected, stage: .login, panel: .xtreamCodes),
        ClassifierCase(
            name: "status Banned", answer: Self.json(#""auth":1,"status":"Banned","exp_date":"1600000000""#),
            outcome: .accountBanned, stage: .login, panel: .xtreamCodes, detailContains: "banned"),
        ClassifierCase(
            name: "status Disabled", answer: Self.json(#""auth":1,"status":"Disabled""#),
            outcome: .accountDisabled, stage: .login, panel: .xtreamCodes, detailContains: "disabled"),
        ClassifierCase(
            name: "status Expired", answer: Self.json(#""auth":1,"status":"Expired","exp_date":"1699740800""#),
            outcome: .accountExpired, stage: .login, panel: .xtreamCodes, detailContains: "3 days ago on the panel's clock"),
        ClassifierCase(
            name: "status Expired without date", answer: Self.json(#""auth":1,"status":"expired","exp_date":null"#),
            outcome: .accountExpired, stage: .login, panel: .xtreamCodes),
        ClassifierCase(
            name: "Active but exp_date before timestamp_now", answer: Self.json(#""auth":1,"status":"Active","exp_date":"1699999999""#),
            outcome: .accountExpired, stage: .login, panel: .xtreamCodes, detailContains: "less than a day ago"),
        ClassifierCase(
            name: "Active with exp_date equal to timestamp_now", answer: Self.json(#""auth":1,"status":"Active","exp_date":1700000000"#),
            outcome: .accountExpired, stage: .login, panel: .xtreamCodes),
        ClassifierCase(
            name: "panel clock wins over agent clock",
            answer: Self.json(#""auth":1,"status":"Active","exp_date":"1700086400""#),
            now: 1_800_000_000, outcome: .ok, stage: .login, panel: .xtreamCodes, detailContains: "it expires in 1 day."),
        ClassifierCase(
            name: "agent clock when the panel sends none",
            answer: Self.json(#""auth":1,"status":"Active","exp_date":"1700086400""#, server: nil),
            now: 1_800_000_000, outcome: .accountExpired, stage: .login, panel: .xtreamCodes,
            detailContains: "the checking agent's clock"),
        ClassifierCase(
            name: "max connections reached", answer: Self.json(#""auth":1,"status":"Active","active_cons":"2","max_connections":"2""#),
            outcome: .maxConnectionsReached, stage: .login, panel: .xtreamCodes, detailContains: "limit of 2"),
        ClassifierCase(
            name: "more connections than allowed", answer: Self.json(#""auth":1,"status":"Active","active_cons":3,"max_connections":1"#),
            outcome: .maxConnectionsReached, stage: .login, panel: .xtreamCodes),
        ClassifierCase(
            name: "unlimited connections", answer: Self.json(#""auth":1,"status":"Active","active_cons":"9","max_connections":"0""#),
            outcome: .ok, stage: .login, panel: .xtreamCodes, detailContains: "unlimited"),
        ClassifierCase(
            name: "expired beats max connections", answer: Self.json(#""auth":1,"status":"Expired","active_cons":"2","max_connections":"2""#),
            outcome: .accountExpired, stage: .login, panel: .xtreamCodes),
        ClassifierCase(
            name: "Trial status (tuliprox)", answer: Self.json(#""auth":1,"status":"Trial""#),
            outcome: .ok, stage: .login, panel: .xtreamCodes, detailContains: "trial"),
        ClassifierCase(
            name: "unknown status Pending", answer: Self.json(#""auth":1,"status":"Pending""#),
            outcome: .ok, stage: .login, panel: .xtreamCodes, detailContains: "does not know"),
        ClassifierCase(
            name: "auth 1 without status", answer: Self.json(#""auth":1"#),
            outcome: .ok, stage: .login, panel: .xtreamCodes, detailContains: "no account status"),
        ClassifierCase(
            name: "status without auth", answer: Self.json(#""status":"Active""#),
            outcome: .ok, stage: .login, panel: .xtreamCodes),
        ClassifierCase(
            name: "xui flag", answer: Self.json(#""auth":1,"status":"Active""#, server: #""xui":true,"timestamp_now":1700000000"#),
            knownFamily: .xtreamCodes, outcome: .ok, stage: .login, panel: .xui),
        ClassifierCase(
            name: "JSON login overrides a known XUI family", answer: Self.json(#""auth":1,"status":"Active""#),
            knownFamily: .xui, outcome: .ok, stage: .login, panel: .xtreamCodes),
    ]

    @Test("real samples", arguments: Self.sampleCases)
    func realSample(_ testCase: ClassifierCase) { Self.check(testCase) }

    @Test("HTTP-layer rules", arguments: Self.httpCases)
    func httpRule(_ testCase: ClassifierCase) { Self.check(testCase) }

    @Test("2xx bodies", arguments: Self.bodyCases)
    func bodyRule(_ testCase: ClassifierCase) { Self.check(testCase) }

    @Test("account rules", arguments: Self.accountCases)
    func accountRule(_ testCase: ClassifierCase) { Self.check(testCase) }

    static func check(_ testCase: ClassifierCase) {
        let result = LoginClassifier.assess(
            testCase.answer, credentialsGiven: testCase.credentialsGiven, knownFamily: testCase.knownFamily, now: testCase.now)
        #expect(result.outcome == testCase.outcome)
        #expect(result.stage == testCase.stage)
        #expect(result.panel == testCase.panel)
        #expect(!result.detail.isEmpty)
        #expect(result.detail.hasSuffix("."))
        if let phrase = testCase.detailContains {
            #expect(result.detail.contains(phrase), "detail: \(result.detail)")
        }
        // Account outcomes decided from JSON carry the account; HTTP-stage outcomes never do.
        if result.stage == .http { #expect(result.account == nil) }
    }

    @Test("every outcome the classifier can produce is covered")
    func coversOutcomes() {
        let all = Self.sampleCases + Self.httpCases + Self.bodyCases + Self.accountCases
        let produced = Set(all.map(\.outcome))
        let expected: Set<Outcome> = [
            .ok, .reachable, .credentialsRejected, .loginRejected, .accountExpired, .accountBanned, .accountDisabled,
            .maxConnectionsReached, .schemeMismatch, .httpError, .cdnOriginError, .cdnChallenge, .rateLimited, .notXtream,
        ]
        #expect(produced == expected)
    }

    @Test("login answers carry account and server")
    func carriesAccountAndServer() throws {
        let result = LoginClassifier.assess(XtreamSamples.answer(200, XtreamSamples.xui155), credentialsGiven: true, now: Self.now)
        let account = try #require(result.account)
        #expect(account.status == .active)
        #expect(account.activeConnections == 1)
        #expect(account.maxConnections == 6)
        #expect(account.expiresAt == nil)
        #expect(account.daysLeft == nil)
        #expect(account.hasFreeConnection)
        #expect(result.server?.version == "1.5.5")
        #expect(result.server?.isXUI == true)

        let expired = LoginClassifier.assess(
            Self.json(#""auth":1,"status":"Expired","exp_date":"1699740800""#), credentialsGiven: true, now: Self.now)
        #expect(expired.account?.daysLeft == 0)
        #expect(expired.account?.status == .expired)
        #expect(expired.server?.timestampNow == Self.panelNow)

        let rejected = LoginClassifier.assess(Self.json(#""auth":0"#), credentialsGiven: true, now: Self.now)
        #expect(rejected.account == nil)
    }

    // MARK: The echoed password never leaks

    static let secret = "Zq9-UNIQUE-s3cret"

    /// Bodies echoing the secret the way real panels do, one per account rule.
    static let leakBodies: [String] = {
        var bodies = XtreamSamples.all.map {
            $0.body.replacingPassword(with: Self.secret)
        }
        let userInfos = [
            #""auth":0"#, #""auth":1,"status":"Banned""#, #""auth":1,"status":"Disabled""#,
            #""auth":1,"status":"Expired","exp_date":"1""#, #""auth":1,"status":"Active","active_cons":"5","max_connections":"1""#,
            #""auth":1,"status":"\#(secret)""#, #""message":"x""#,
        ]
        for userInfo in userInfos {
            bodies.append(XtreamSamples.login(#""username":"u","password":"\#(secret)",\#(userInfo)"#, server: #""timestamp_now":5"#))
        }
        return bodies
    }()

    @Test("the echoed password is in no field, encoding or detail", arguments: Self.leakBodies)
    func passwordNeverLeaks(_ body: String) throws {
        #expect(body.contains(Self.secret))
        for status in [200, 401, 403, 404, 500] {
            for credentialsGiven in [true, false] {
                let result = LoginClassifier.assess(
                    XtreamSamples.answer(status, body), credentialsGiven: credentialsGiven, now: Self.now)
                #expect(!result.detail.contains(Self.secret))
                #expect(!String(describing: result).contains(Self.secret))
                if let account = result.account {
                    #expect(!String(decoding: try JSONEncoder().encode(account), as: UTF8.self).contains(Self.secret))
                }
                if let server = result.server {
                    #expect(!String(decoding: try JSONEncoder().encode(server), as: UTF8.self).contains(Self.secret))
                }
            }
        }
        if let response = try? XtreamLoginResponse.decode(Array(body.utf8)) {
            #expect(!String(describing: response).contains(Self.secret))
            let account = response.account(now: Self.now)
            #expect(!String(decoding: try JSONEncoder().encode(account), as: UTF8.self).contains(Self.secret))
        }
    }
}

extension String {
    /// The sample with every `"password":"…"` value replaced.
    func replacingPassword(with secret: String) -> String {
        var result = ""
        var rest = Substring(self)
        let marker = #""password":""#
        while let range = rest.firstRange(of: marker) {
            result += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            if let end = rest.firstIndex(of: "\"") {
                result += secret
                rest = rest[end...]
            }
        }
        return result + rest
    }
}
