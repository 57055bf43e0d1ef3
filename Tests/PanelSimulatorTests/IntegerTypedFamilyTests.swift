import PanelSimulator
import Testing

@Suite("Integer-typed family")
struct IntegerTypedFamilyTests {
    private func login(_ username: String?, _ password: String?) async throws -> RawHTTPResponse {
        try await SimulatorHarness.with(SimulatorHarness.configuration(family: .integerTyped)) { simulator in
            try await HTTPTestClient.fetch(
                port: simulator.port,
                target: HTTPTestClient.loginTarget(username: username, password: password)
            )
        }
    }

    @Test func activeLineHasIntegerFields() async throws {
        let response = try await login("active", "secret")
        #expect(response.statusCode == 200)
        let text = response.text
        let expiry = SimulatorHarness.fixedNow + 30 * SimulatorHarness.day
        #expect(text.contains(#""active_cons":0,"#))
        #expect(text.contains(#""auth":1,"#))
        #expect(text.contains(#""exp_date":\#(expiry),"is_trial":0,"max_connections":2,"#))
        #expect(text.contains(#""https_port":0,"#))
        #expect(text.contains(#""timezone":"Europe/London""#))
        let (user, server) = try SimulatorHarness.loginSections(response.body)
        #expect(user["status"] as? String == "Active")
        #expect(server["port"] is Int)
    }

    @Test func specialPasswordIsEchoedUnescaped() async throws {
        let response = try await login("special", SimulatorConfiguration.Account.specialPassword)
        #expect(response.text.contains(#""password":"p&ss#w+rd %/é""#))
    }

    @Test(arguments: [("active", "wrong"), ("nobody", "secret")])
    func wrongCredentialsGet401WithEmptyBody(username: String, password: String) async throws {
        let response = try await login(username, password)
        #expect(response.statusCode == 401)
        #expect(response.body.isEmpty)
    }

    @Test func missingCredentialsGet401() async throws {
        let response = try await login(nil, nil)
        #expect(response.statusCode == 401)
        #expect(response.body.isEmpty)
    }

    @Test(arguments: [("expired", "Expired"), ("banned", "Banned"), ("disabled", "Disabled"), ("maxed", "Active")])
    func knownLinesShowStatus(username: String, status: String) async throws {
        let response = try await login(username, "secret")
        #expect(response.statusCode == 200)
        let (user, server) = try SimulatorHarness.loginSections(response.body)
        #expect(user["status"] as? String == status)
        if username == "expired" {
            let expiry = try #require(user["exp_date"] as? Int)
            let now = try #require(server["timestamp_now"] as? Int)
            #expect(expiry < now)
        }
        if username == "maxed" {
            #expect(user["active_cons"] as? Int == 2)
            #expect(user["max_connections"] as? Int == 2)
        }
    }
}
