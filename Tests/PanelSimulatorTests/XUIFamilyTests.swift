import PanelSimulator
import Testing

@Suite("XUI.one family")
struct XUIFamilyTests {
    private func login(_ username: String?, _ password: String?, extra: String = "") async throws -> RawHTTPResponse {
        try await SimulatorHarness.with(SimulatorHarness.configuration(family: .xui)) { simulator in
            try await HTTPTestClient.fetch(
                port: simulator.port,
                target: HTTPTestClient.loginTarget(username: username, password: password, extra: extra)
            )
        }
    }

    @Test func activeLineGetsXUIServerInfo() async throws {
        let response = try await login("active", "secret")
        #expect(response.statusCode == 200)
        #expect(response.header("Content-Type") == "application/json")
        let text = response.text
        #expect(text.contains(#""server_info":{"xui":true,"version":"1.5.5","revision":2,"url":"127.0.0.1","#))
        #expect(text.contains(#""auth":1,"status":"Active""#))
        #expect(text.contains(#""timezone":"Europe/London""#))
        #expect(!text.contains(#""process""#))
        let (user, server) = try SimulatorHarness.loginSections(response.body)
        #expect(user["exp_date"] as? String == String(SimulatorHarness.fixedNow + 30 * SimulatorHarness.day))
        #expect(server["xui"] as? Bool == true)
    }

    @Test func unlimitedLineHasNullExpiry() async throws {
        let response = try await login("unlimited", "secret")
        #expect(response.text.contains(#""exp_date":null"#))
    }

    @Test func maxedLineStillLogsIn() async throws {
        let response = try await login("maxed", "secret")
        #expect(response.statusCode == 200)
        #expect(response.text.contains(#""active_cons":"2""#))
    }

    @Test(arguments: [
        ("active", "wrong"), ("nobody", "secret"), ("expired", "secret"), ("banned", "secret"),
        ("disabled", "secret"), ("active", ""),
    ])
    func everyRejectionIsNginx404WithPadding(username: String, password: String) async throws {
        let response = try await login(username, password)
        #expect(response.statusLine == "HTTP/1.1 404 Not Found")
        #expect(response.header("Server") == "nginx")
        #expect(response.header("Content-Type")?.hasPrefix("text/html") == true)
        let text = response.text
        #expect(text.hasPrefix("<html>\r\n<head><title>404 Not Found</title></head>"))
        #expect(text.contains("<hr><center>nginx</center>"))
        #expect(SimulatorHarness.occurrences(of: SimulatorHarness.paddingLine, in: text) == 6)
    }

    @Test func missingCredentialsAre404() async throws {
        let response = try await login(nil, nil)
        #expect(response.statusCode == 404)
        #expect(SimulatorHarness.occurrences(of: SimulatorHarness.paddingLine, in: response.text) == 6)
    }

    @Test func listActionOnActiveLine() async throws {
        let response = try await login("active", "secret", extra: "action=get_live_categories")
        #expect(response.text == "[]")
    }
}
