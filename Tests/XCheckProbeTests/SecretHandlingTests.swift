import FoundationEssentials
import PanelSimulator
import Testing
import XCheckModel
import XCheckProbe

/// The password never reaches a result: not in JSON, not in details, not in advice, even though real panels
/// (and the simulator) echo it in `user_info`.
@Suite("Secrets")
struct SecretHandlingTests {
    @Test("the password appears nowhere in the JSON of a result", arguments: ["active", "expired", "maxed", "wrong-user"])
    func noPasswordInJSON(username: String) async throws {
        let password = "secret"
        let result = try await ProbeHarness.withPanel { panel in
            try await ProbeHarness.probe(panel.baseURL, username: username, password: password)
        }
        let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        #expect(!json.contains(password))
        #expect(!result.detail.contains(password))
        #expect(!result.advice.joined().contains(password))
        #expect(json.contains("\"username\":\"\(username)\""))
    }

    @Test("a Password never prints")
    func passwordDescription() {
        let password = Password("hunter2")
        #expect("\(password)" == "<redacted>")
        #expect(String(reflecting: password) == "Password(<redacted>)")
        let target = ProbeTarget(scheme: .http, host: "h", username: "u", password: password)
        #expect(!"\(target)".contains("hunter2"))
        #expect(!String(reflecting: target).contains("hunter2"))
    }
}
