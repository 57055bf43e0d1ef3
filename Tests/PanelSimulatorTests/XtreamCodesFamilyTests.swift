import PanelSimulator
import Testing

@Suite("XC v2 family")
struct XtreamCodesFamilyTests {
    private let now = SimulatorHarness.fixedNow
    private let day = SimulatorHarness.day

    private func login(_ username: String?, _ password: String?, extra: String = "") async throws -> RawHTTPResponse {
        try await SimulatorHarness.with(SimulatorHarness.configuration()) { simulator in
            try await HTTPTestClient.fetch(
                port: simulator.port,
                target: HTTPTestClient.loginTarget(username: username, password: password, extra: extra)
            )
        }
    }

    @Test func activeLineGetsStringTypedLoginObject() async throws {
        try await SimulatorHarness.with(SimulatorHarness.configuration()) { simulator in
            let response = try await HTTPTestClient.fetch(
                port: simulator.port,
                target: HTTPTestClient.loginTarget(username: "active", password: "secret")
            )
            #expect(response.statusLine == "HTTP/1.1 200 OK")
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.header("Server") == "nginx")
            #expect(response.header("Content-Length") == String(response.body.count))
            let text = response.text
            #expect(text.hasPrefix(#"{"user_info":{"username":"active","password":"secret","#))
            #expect(text.contains(#""auth":1,"status":"Active","exp_date":"\#(now + 30 * day)","is_trial":"0","#))
            #expect(text.contains(#""active_cons":"0""#))
            #expect(text.contains(#""max_connections":"2""#))
            #expect(text.contains(#""port":"\#(simulator.port)","https_port":"","server_protocol":"http","#))
            #expect(text.contains(#""rtmp_port":"25462","timezone":"Europe\/London","timestamp_now":1729335877,"#))
            #expect(text.contains(#""time_now":"2024-10-19 12:04:37","process":true}}"#))
            let (user, server) = try SimulatorHarness.loginSections(response.body)
            #expect(user["status"] as? String == "Active")
            #expect(server["url"] as? String == "127.0.0.1")
            #expect(server["timezone"] as? String == "Europe/London")
        }
    }

    @Test(arguments: [("active", "wrong"), ("nobody", "secret"), ("Active", "secret"), ("active", "secret ")])
    func wrongCredentialsGetAuthZero(username: String, password: String) async throws {
        let response = try await login(username, password)
        #expect(response.statusCode == 200)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.text == #"{"user_info":{"auth":0}}"#)
    }

    @Test func expiredLineIsAuthOneWithStatusExpiredAndPastExpiry() async throws {
        let response = try await login("expired", "secret")
        #expect(response.statusCode == 200)
        let (user, server) = try SimulatorHarness.loginSections(response.body)
        #expect(user["status"] as? String == "Expired")
        #expect(user["exp_date"] as? String == String(now - 3 * day))
        #expect(response.text.contains(#""auth":1"#))
        #expect(server["timestamp_now"] as? Int == Int(now))
    }

    @Test(arguments: [("banned", "Banned"), ("disabled", "Disabled")])
    func inactiveLinesShowTheirStatus(username: String, status: String) async throws {
        let response = try await login(username, "secret")
        #expect(response.statusCode == 200)
        let (user, _) = try SimulatorHarness.loginSections(response.body)
        #expect(user["status"] as? String == status)
        #expect(response.text.contains(#""auth":1"#))
    }

    @Test func maxedLineIsActiveAtItsConnectionLimit() async throws {
        let response = try await login("maxed", "secret")
        #expect(response.text.contains(#""status":"Active""#))
        #expect(response.text.contains(#""active_cons":"2""#))
        #expect(response.text.contains(#""max_connections":"2""#))
    }

    @Test func trialAndUnlimitedLines() async throws {
        let trial = try await login("trial", "secret")
        #expect(trial.text.contains(#""is_trial":"1""#))
        #expect(trial.text.contains(#""exp_date":"\#(now + 7 * day)""#))
        let unlimited = try await login("unlimited", "secret")
        #expect(unlimited.text.contains(#""exp_date":null"#))
        #expect(unlimited.text.contains(#""max_connections":"0""#))
    }

    @Test(arguments: [(String?.none, String?.none), ("active", nil), (nil, "secret"), ("active", ""), ("", "secret")])
    func missingCredentialsGetEmptyJSONBody(username: String?, password: String?) async throws {
        let response = try await login(username, password)
        #expect(response.statusCode == 200)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.header("Content-Length") == "0")
        #expect(response.body.isEmpty)
    }

    @Test func specialCharactersSurvivePercentEncodingAndArePHPEscaped() async throws {
        let password = SimulatorConfiguration.Account.specialPassword
        let response = try await login("special", password)
        #expect(response.text.contains(#""password":"p&ss#w+rd %\/\u00e9""#))
        let (user, _) = try SimulatorHarness.loginSections(response.body)
        #expect(user["password"] as? String == password)
        #expect(user["status"] as? String == "Active")
    }

    @Test func unencodedSpecialPasswordIsRejected() async throws {
        // '&' and '#' split the query: exactly what happens to clients that do not encode.
        try await SimulatorHarness.with(SimulatorHarness.configuration()) { simulator in
            let response = try await HTTPTestClient.fetch(
                port: simulator.port,
                target: "/player_api.php?username=special&password=p&ss"
            )
            #expect(response.text == #"{"user_info":{"auth":0}}"#)
        }
    }

    @Test(arguments: ["get_live_categories", "201", "get_live_streams", "get_vod_categories", "get_series"])
    func listActionsOnActiveLineGetEmptyArray(action: String) async throws {
        let response = try await login("active", "secret", extra: "action=\(action)")
        #expect(response.statusCode == 200)
        #expect(response.text == "[]")
    }

    @Test(arguments: ["get_account_info", "get_server_info", "nonsense"])
    func unknownActionsFallThroughToLoginObject(action: String) async throws {
        let response = try await login("active", "secret", extra: "action=\(action)")
        let (user, _) = try SimulatorHarness.loginSections(response.body)
        #expect(user["status"] as? String == "Active")
    }

    @Test func actionsOnExpiredLineReturnLoginObject() async throws {
        let response = try await login("expired", "secret", extra: "action=get_live_categories")
        let (user, _) = try SimulatorHarness.loginSections(response.body)
        #expect(user["status"] as? String == "Expired")
    }

    @Test func postFormAndBasePathAreAccepted() async throws {
        try await SimulatorHarness.with(SimulatorHarness.configuration()) { simulator in
            let posted = try await HTTPTestClient.fetch(
                port: simulator.port,
                method: "POST",
                target: "/player_api.php",
                headers: ["Content-Type: application/x-www-form-urlencoded"],
                body: "username=special&password=\(HTTPTestClient.percentEncode(SimulatorConfiguration.Account.specialPassword))"
            )
            #expect(try SimulatorHarness.loginSections(posted.body).user["username"] as? String == "special")

            let prefixed = try await HTTPTestClient.fetch(
                port: simulator.port,
                target: HTTPTestClient.loginTarget(username: "active", password: "secret", path: "/panel/v2/player_api.php")
            )
            #expect(try SimulatorHarness.loginSections(prefixed.body).user["status"] as? String == "Active")
        }
    }

    @Test func advertisedPortsAreConfigurable() async throws {
        var configuration = SimulatorHarness.configuration()
        configuration.advertisedHTTPPort = 25461
        configuration.advertisedHTTPSPort = 25463
        try await SimulatorHarness.with(configuration) { simulator in
            let response = try await HTTPTestClient.fetch(
                port: simulator.port,
                target: HTTPTestClient.loginTarget(username: "active", password: "secret")
            )
            #expect(response.text.contains(#""port":"25461","https_port":"25463""#))
        }
    }

    @Test func customAccountsAndAbsoluteExpiry() async throws {
        var configuration = SimulatorHarness.configuration()
        configuration.accounts = [
            .init(username: "u1", password: "pw", expiresAt: now - 1),
            .init(username: "u2", password: "pw", expiresAt: now + 100, maxConnections: 5),
        ]
        try await SimulatorHarness.with(configuration) { simulator in
            let first = try await HTTPTestClient.fetch(
                port: simulator.port,
                target: HTTPTestClient.loginTarget(username: "u1", password: "pw")
            )
            #expect(first.text.contains(#""status":"Expired","exp_date":"\#(now - 1)""#))
            let second = try await HTTPTestClient.fetch(
                port: simulator.port,
                target: HTTPTestClient.loginTarget(username: "u2", password: "pw")
            )
            #expect(second.text.contains(#""status":"Active","exp_date":"\#(now + 100)""#))
            #expect(second.text.contains(#""max_connections":"5""#))
        }
    }
}
