#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import XCheckModel

/// One body and what decoding it must give.
struct DecodeCase: Sendable, CustomTestStringConvertible {
    var name: String
    var body: String
    var expected: XtreamLoginResponse
    var testDescription: String { self.name }
}

/// One body and the decoding error message it must give.
struct DecodeFailureCase: Sendable, CustomTestStringConvertible {
    var name: String
    var body: [UInt8]
    var message: String
    var testDescription: String { self.name }
}

@Suite("XtreamLoginResponse decoding")
struct XtreamLoginResponseTests {
    // MARK: Real samples

    static let sampleCases: [DecodeCase] = [
        DecodeCase(
            name: "XC v2, string-typed", body: XtreamSamples.xcV2,
            expected: XtreamLoginResponse(
                auth: true, status: .active, isTrial: false, expiresAt: 1_746_833_038, activeConnections: 0,
                maxConnections: 1, createdAt: 1_715_275_438, message: "Enjoy The Show !!!", allowedOutputFormats: ["ts"],
                server: ServerInfo(
                    url: "example.com", port: 80, httpsPort: nil, rtmpPort: 8009, serverProtocol: "http",
                    timestampNow: 1_729_335_877, timezone: "Europe/London", isXUI: false, version: nil))),
        DecodeCase(
            name: "XUI.one 1.5.5", body: XtreamSamples.xui155,
            expected: XtreamLoginResponse(
                auth: true, status: .active, isTrial: false, expiresAt: nil, activeConnections: 1,
                maxConnections: 6, createdAt: 1_743_243_036, message: "Bem vindo",
                allowedOutputFormats: ["m3u8", "ts", "rtmp"],
                server: ServerInfo(
                    url: "jobs.xyz", port: 80, httpsPort: 443, rtmpPort: 8484, serverProtocol: "http",
                    timestampNow: 1_761_674_900, timezone: "America/Sao_Paulo", isXUI: true, version: "1.5.5"))),
        DecodeCase(
            name: "tuliprox, integer-typed", body: XtreamSamples.tuliprox,
            expected: XtreamLoginResponse(
                auth: true, status: .active, isTrial: false, expiresAt: 1_729_711_623, activeConnections: 0,
                maxConnections: 1, createdAt: 1_666_639_623, message: "Welcome to m3u-filter", allowedOutputFormats: ["ts"],
                server: ServerInfo(
                    url: "x.x.x.x", port: 8901, httpsPort: 443, rtmpPort: 1935, serverProtocol: "http",
                    timestampNow: 1_698_175_623, timezone: "Europe/London", isXUI: false, version: nil))),
    ]

    @Test("real samples decode", arguments: Self.sampleCases)
    func decodesRealSample(_ testCase: DecodeCase) throws {
        let response = try XtreamLoginResponse.decode(Array(testCase.body.utf8))
        #expect(response == testCase.expected)
    }

    // MARK: Flexible user_info fields

    /// A rejected or minimal user_info with one field changed.
    static func user(_ fields: String, _ edit: (inout XtreamLoginResponse) -> Void) -> (String, XtreamLoginResponse) {
        var expected = XtreamLoginResponse()
        edit(&expected)
        return (XtreamSamples.login(fields), expected)
    }

    static let flexibleCases: [DecodeCase] = {
        let table: [(String, String, (inout XtreamLoginResponse) -> Void)] = [
            // auth
            ("auth int 1", #""auth":1"#, { $0.auth = true }),
            ("auth string 1", #""auth":"1""#, { $0.auth = true }),
            ("auth true", #""auth":true"#, { $0.auth = true }),
            ("auth string true", #""auth":"true""#, { $0.auth = true }),
            ("auth string TRUE", #""auth":"TRUE""#, { $0.auth = true }),
            ("auth float 1.0", #""auth":1.0"#, { $0.auth = true }),
            ("auth int 0", #""auth":0"#, { $0.auth = false }),
            ("auth string 0", #""auth":"0""#, { $0.auth = false }),
            ("auth false", #""auth":false"#, { $0.auth = false }),
            ("auth string false", #""auth":"false""#, { $0.auth = false }),
            ("auth empty string", #""auth":"""#, { $0.auth = nil }),
            ("auth null", #""auth":null"#, { $0.auth = nil }),
            ("auth missing", #""message":"x""#, { $0.message = "x" }),
            ("auth 2 is unreadable", #""auth":2"#, { $0.auth = nil }),
            ("auth array is unreadable", #""auth":[1]"#, { $0.auth = nil }),
            // status
            ("status Active", #""status":"Active""#, { $0.status = .active }),
            ("status ACTIVE", #""status":"ACTIVE""#, { $0.status = .active }),
            ("status padded", #""status":" active ""#, { $0.status = .active }),
            ("status Expired", #""status":"Expired""#, { $0.status = .expired }),
            ("status Banned", #""status":"Banned""#, { $0.status = .banned }),
            ("status Disabled", #""status":"Disabled""#, { $0.status = .disabled }),
            ("status Trial (tuliprox)", #""status":"Trial""#, { $0.status = .active; $0.isTrial = true }),
            ("status Pending", #""status":"Pending""#, { $0.status = .unknown }),
            ("status Inactive", #""status":"Inactive""#, { $0.status = .unknown }),
            ("status empty", #""status":"""#, { $0.status = nil }),
            ("status null", #""status":null"#, { $0.status = nil }),
            // exp_date
            ("exp_date epoch string", #""exp_date":"1746833038""#, { $0.expiresAt = 1_746_833_038 }),
            ("exp_date int", #""exp_date":1746833038"#, { $0.expiresAt = 1_746_833_038 }),
            ("exp_date float", #""exp_date":1746833038.0"#, { $0.expiresAt = 1_746_833_038 }),
            ("exp_date padded string", #""exp_date":" 1746833038 ""#, { $0.expiresAt = 1_746_833_038 }),
            ("exp_date null", #""exp_date":null"#, { $0.expiresAt = nil }),
            ("exp_date string 0", #""exp_date":"0""#, { $0.expiresAt = nil }),
            ("exp_date int 0", #""exp_date":0"#, { $0.expiresAt = nil }),
            ("exp_date empty", #""exp_date":"""#, { $0.expiresAt = nil }),
            ("exp_date not a number", #""exp_date":"never""#, { $0.expiresAt = nil }),
            ("exp_date nan is not a number", #""exp_date":"nan""#, { $0.expiresAt = nil }),
            ("exp_date too large", #""exp_date":"99999999999999999999999""#, { $0.expiresAt = nil }),
            ("exp_date 1e300", #""exp_date":1e300"#, { $0.expiresAt = nil }),
            // is_trial
            ("is_trial string 1", #""is_trial":"1""#, { $0.isTrial = true }),
            ("is_trial int 1", #""is_trial":1"#, { $0.isTrial = true }),
            ("is_trial true", #""is_trial":true"#, { $0.isTrial = true }),
            ("is_trial string 0", #""is_trial":"0""#, { $0.isTrial = false }),
            ("is_trial int 0", #""is_trial":0"#, { $0.isTrial = false }),
            ("is_trial null", #""is_trial":null"#, { $0.isTrial = false }),
            // connections
            ("max_connections string", #""max_connections":"6""#, { $0.maxConnections = 6 }),
            ("max_connections int", #""max_connections":6"#, { $0.maxConnections = 6 }),
            ("max_connections string 0 = unlimited", #""max_connections":"0""#, { $0.maxConnections = 0 }),
            ("max_connections empty", #""max_connections":"""#, { $0.maxConnections = nil }),
            ("max_connections null", #""max_connections":null"#, { $0.maxConnections = nil }),
            ("active_cons string", #""active_cons":"2""#, { $0.activeConnections = 2 }),
            ("active_cons int (XUI redis)", #""active_cons":2"#, { $0.activeConnections = 2 }),
            ("active_cons float", #""active_cons":2.0"#, { $0.activeConnections = 2 }),
            // created_at
            ("created_at string", #""created_at":"1715275438""#, { $0.createdAt = 1_715_275_438 }),
            ("created_at empty", #""created_at":"""#, { $0.createdAt = nil }),
            ("created_at 0", #""created_at":0"#, { $0.createdAt = nil }),
            ("created_at null", #""created_at":null"#, { $0.createdAt = nil }),
            // message
            ("message", #""message":"Enjoy""#, { $0.message = "Enjoy" }),
            ("message empty", #""message":"""#, { $0.message = nil }),
            ("message escaped slash", #""message":"a\/b""#, { $0.message = "a/b" }),
            // allowed_output_formats
            ("formats list", #""allowed_output_formats":["m3u8","ts"]"#, { $0.allowedOutputFormats = ["m3u8", "ts"] }),
            ("formats empty list", #""allowed_output_formats":[]"#, { $0.allowedOutputFormats = [] }),
            ("formats PHP object", #""allowed_output_formats":{"2":"rtmp","0":"ts"}"#, {
                $0.allowedOutputFormats = ["ts", "rtmp"]
            }),
            ("formats null", #""allowed_output_formats":null"#, { $0.allowedOutputFormats = [] }),
            ("formats string", #""allowed_output_formats":"ts""#, { $0.allowedOutputFormats = [] }),
            // ignored keys
            ("password and token are ignored", #""password":"p","token":"t","username":"u""#, { _ in }),
        ]
        return table.map { name, fields, edit in
            let (body, expected) = Self.user(fields, edit)
            return DecodeCase(name: name, body: body, expected: expected)
        }
    }()

    @Test("flexible user_info fields", arguments: Self.flexibleCases)
    func decodesFlexibleField(_ testCase: DecodeCase) throws {
        let response = try XtreamLoginResponse.decode(Array(testCase.body.utf8))
        #expect(response == testCase.expected)
    }

    // MARK: Flexible server_info fields

    static let serverCases: [DecodeCase] = {
        let table: [(String, String?, ServerInfo?)] = [
            ("server_info missing", nil, nil),
            ("server_info empty object", "", ServerInfo()),
            ("timezone with PHP escaped slash", #""timezone":"Europe\/London""#, ServerInfo(timezone: "Europe/London")),
            ("xui true", #""xui":true"#, ServerInfo(isXUI: true)),
            ("xui string 1", #""xui":"1""#, ServerInfo(isXUI: true)),
            ("xui false", #""xui":false"#, ServerInfo(isXUI: false)),
            ("ports as strings", #""port":"80","https_port":"443","rtmp_port":"25462""#,
             ServerInfo(port: 80, httpsPort: 443, rtmpPort: 25462)),
            ("ports as ints", #""port":8080,"https_port":8443,"rtmp_port":1935"#,
             ServerInfo(port: 8080, httpsPort: 8443, rtmpPort: 1935)),
            ("empty https_port", #""https_port":"""#, ServerInfo(httpsPort: nil)),
            ("timestamp_now as string", #""timestamp_now":"1729335877""#, ServerInfo(timestampNow: 1_729_335_877)),
            ("version as number", #""version":2"#, ServerInfo(version: "2")),
            ("wrong-typed fields are nil", #""url":[],"port":{},"timezone":false,"xui":"maybe""#, ServerInfo()),
        ]
        var cases = table.map { name, fields, server in
            var expected = XtreamLoginResponse(auth: true)
            expected.server = server
            return DecodeCase(name: name, body: XtreamSamples.login(#""auth":1"#, server: fields), expected: expected)
        }
        cases.append(DecodeCase(
            name: "server_info empty PHP array", body: #"{"user_info":{"auth":1},"server_info":[]}"#,
            expected: XtreamLoginResponse(auth: true)))
        cases.append(DecodeCase(
            name: "server_info a string", body: #"{"user_info":{"auth":1},"server_info":"x"}"#,
            expected: XtreamLoginResponse(auth: true)))
        cases.append(DecodeCase(
            name: "user_info empty PHP array", body: #"{"user_info":[]}"#, expected: XtreamLoginResponse()))
        cases.append(DecodeCase(
            name: "byte order mark and whitespace", body: "\u{FEFF}\n  " + #"{"user_info":{"auth":0}}"# + "\r\n",
            expected: XtreamLoginResponse(auth: false)))
        return cases
    }()

    @Test("flexible server_info fields", arguments: Self.serverCases)
    func decodesServerInfo(_ testCase: DecodeCase) throws {
        let response = try XtreamLoginResponse.decode(Array(testCase.body.utf8))
        #expect(response == testCase.expected)
    }

    // MARK: Errors

    static let failureCases: [DecodeFailureCase] = {
        let text: [(String, String, String)] = [
            ("empty body", "", "the answer is empty"),
            ("whitespace body", " \r\n\t ", "the answer is empty"),
            ("HTML", "<html><body>Blocked</body></html>", "the answer is not JSON"),
            ("plain text", "Access denied", "the answer is not JSON"),
            ("truncated JSON", #"{"user_info":{"auth":1"#, "the answer is not JSON"),
            ("JSON with trailing garbage", #"{"user_info":{}} x"#, "the answer is not JSON"),
            ("array", "[]", "the answer is a JSON array, not an object"),
            ("array of login objects", #"[{"user_info":{"auth":1}}]"#, "the answer is a JSON array, not an object"),
            ("string", #""ok""#, "the answer is a JSON string, not an object"),
            ("number", "42", "the answer is a JSON number, not an object"),
            ("negative number", "-1", "the answer is a JSON number, not an object"),
            ("boolean", "false", "the answer is a JSON boolean, not an object"),
            ("null", "null", "the answer is JSON null, not an object"),
            ("empty object", "{}", "the object has no user_info"),
            ("only server_info", #"{"server_info":{"url":"x"}}"#, "the object has no user_info"),
            ("error object", #"{"error":"Unauthorized"}"#, "the object has no user_info"),
            ("user_info null", #"{"user_info":null}"#, "the object's user_info is null"),
            ("user_info string", #"{"user_info":"x"}"#, "the object's user_info is not an object"),
            ("user_info non-empty array", #"{"user_info":[1]}"#, "the object's user_info is not an object"),
        ]
        var cases = text.map { DecodeFailureCase(name: $0.0, body: Array($0.1.utf8), message: $0.2) }
        cases.append(DecodeFailureCase(name: "invalid UTF-8", body: [0xFF, 0xFE, 0x00, 0x7B], message: "the answer is not JSON"))
        cases.append(DecodeFailureCase(name: "NUL bytes", body: [0, 0, 0, 0], message: "the answer is not JSON"))
        return cases
    }()

    @Test("bodies that are not login answers", arguments: Self.failureCases)
    func rejectsBody(_ testCase: DecodeFailureCase) {
        #expect(throws: XtreamDecodingError(testCase.message)) {
            try XtreamLoginResponse.decode(testCase.body)
        }
    }

    // MARK: Account info

    @Test("account(now:) counts days left on the panel's clock")
    func accountUsesPanelClock() throws {
        let response = try XtreamLoginResponse.decode(Array(XtreamSamples.xcV2.utf8))
        // 1746833038 - 1729335877 = 17497161 s = 202.5 days; the agent's clock is ignored.
        #expect(response.account(now: 0).daysLeft == 202)
        #expect(response.account(now: 1_746_833_038).daysLeft == 202)
        let noClock = try XtreamLoginResponse.decode(Array(XtreamSamples.login(#""auth":1,"exp_date":"864000""#).utf8))
        #expect(noClock.account(now: 0).daysLeft == 10)
        #expect(noClock.account(now: 1).daysLeft == 9)
        #expect(noClock.account(now: 9_999_999).daysLeft == 0)
        let never = try XtreamLoginResponse.decode(Array(XtreamSamples.xui155.utf8))
        #expect(never.account(now: 0).daysLeft == nil)
        #expect(never.account(now: 0).status == .active)
        #expect(XtreamLoginResponse(auth: true).account(now: 0).status == .unknown)
    }

    static let daysLeftCases: [(expiresAt: Int64?, reference: Int64, days: Int?)] = [
        (nil, 0, nil),
        (86_400, 0, 1),
        (86_399, 0, 0),
        (0, 86_400, 0),
        (Int64.max, Int64.min, Int(Int64.max / 86_400)),
        (Int64.min, Int64.max, 0),
    ]

    @Test("daysLeft rounds down, is never negative and never overflows", arguments: Self.daysLeftCases)
    func daysLeft(_ testCase: (expiresAt: Int64?, reference: Int64, days: Int?)) {
        #expect(AccountInfo.daysLeft(expiresAt: testCase.expiresAt, reference: testCase.reference) == testCase.days)
    }

    static let connectionCases: [(active: Int?, max: Int?, free: Bool)] = [
        (0, 1, true), (1, 1, false), (2, 1, false), (5, 0, true), (nil, 2, true), (3, nil, true), (nil, nil, true),
    ]

    @Test("hasFreeConnection", arguments: Self.connectionCases)
    func hasFreeConnection(_ testCase: (active: Int?, max: Int?, free: Bool)) {
        let account = AccountInfo(status: .active, activeConnections: testCase.active, maxConnections: testCase.max)
        #expect(account.hasFreeConnection == testCase.free)
    }

    // MARK: JSON contract

    @Test("AccountInfo encodes snake_case keys with explicit nulls and round-trips")
    func accountJSON() throws {
        let account = AccountInfo(status: .active, allowedOutputFormats: ["ts"])
        let json = try Self.jsonObject(account)
        #expect(Set(json.keys) == [
            "status", "expires_at", "is_trial", "active_connections", "max_connections", "created_at", "message",
            "allowed_output_formats", "days_left",
        ])
        let text = String(decoding: try JSONEncoder().encode(account), as: UTF8.self)
        #expect(text.contains(#""expires_at":null"#))
        #expect(text.contains(#""days_left":null"#))
        let full = AccountInfo(
            status: .expired, expiresAt: 5, isTrial: true, activeConnections: 1, maxConnections: 2, createdAt: 3,
            message: "m", allowedOutputFormats: ["m3u8"], daysLeft: 0)
        #expect(try JSONDecoder().decode(AccountInfo.self, from: JSONEncoder().encode(full)) == full)
        #expect(try JSONDecoder().decode(AccountInfo.self, from: JSONEncoder().encode(account)) == account)
    }

    @Test("ServerInfo encodes snake_case keys with explicit nulls and round-trips")
    func serverJSON() throws {
        let server = ServerInfo(url: "example.com", port: 80)
        let json = try Self.jsonObject(server)
        #expect(Set(json.keys) == [
            "url", "port", "https_port", "rtmp_port", "server_protocol", "timestamp_now", "timezone", "xui", "version",
        ])
        let text = String(decoding: try JSONEncoder().encode(server), as: UTF8.self)
        #expect(text.contains(#""https_port":null"#))
        let full = ServerInfo(
            url: "u", port: 1, httpsPort: 2, rtmpPort: 3, serverProtocol: "https", timestampNow: 4, timezone: "UTC",
            isXUI: true, version: "1.5.5")
        #expect(try JSONDecoder().decode(ServerInfo.self, from: JSONEncoder().encode(full)) == full)
        #expect(try JSONDecoder().decode(ServerInfo.self, from: JSONEncoder().encode(server)) == server)
    }

    /// The top-level keys of `value` encoded as JSON.
    static func jsonObject(_ value: some Encodable) throws -> [String: FlexibleValue] {
        try JSONDecoder().decode([String: FlexibleValue].self, from: JSONEncoder().encode(value))
    }
}
