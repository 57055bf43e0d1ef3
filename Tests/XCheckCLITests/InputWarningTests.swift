import PanelSimulator
import Testing

/// Input that xcheck accepts with a warning, and the warning codes it must produce.
struct WarningCase: Sendable, CustomTestStringConvertible {
    var name: String
    var arguments: @Sendable (PanelAddress) -> [String]
    var codes: [String]
    var outcome: String
    var expected: Int32

    var testDescription: String { self.name }

    static let all: [WarningCase] = [
        WarningCase(
            name: "U+200B in a password the panel does not have",
            arguments: { [$0.baseURL, "-u", "active", "-p", "sec\u{200B}ret"] },
            codes: ["invisible_characters"], outcome: "credentials_rejected", expected: Exit.problem
        ),
        WarningCase(
            name: "U+200B in a password the panel has (sent as given)",
            arguments: { [$0.baseURL, "-u", "zw", "-p", "sec\u{200B}ret"] },
            codes: ["invisible_characters"], outcome: "ok", expected: Exit.healthy
        ),
        WarningCase(
            name: "pasted get.php URL",
            arguments: { ["\($0.baseURL)/get.php?username=active&password=secret"] },
            codes: ["pasted_endpoint", "credentials_in_url"], outcome: "ok", expected: Exit.healthy
        ),
        WarningCase(
            name: "no scheme, trailing slash, surrounding spaces",
            arguments: { [" 127.0.0.1:\($0.port)/ ", "-u", "active", "-p", "secret"] },
            codes: ["surrounding_whitespace", "missing_scheme", "trailing_slash"], outcome: "ok", expected: Exit.healthy
        ),
    ]
}

@Suite("xcheck input warnings")
struct InputWarningTests {
    static var configuration: SimulatorConfiguration {
        SimulatorConfiguration(
            accounts: SimulatorConfiguration.Account.defaults + [
                .init(username: "zw", password: "sec\u{200B}ret", expiresIn: 30 * Panels.day)
            ]
        )
    }

    @Test("warnings appear in the JSON input_warnings", arguments: WarningCase.all)
    func json(_ row: WarningCase) async throws {
        try await Panels.with(Self.configuration) { panel in
            let address = PanelAddress(baseURL: panel.baseURL, port: panel.port)
            let result = try await CLIRunner.probe(row.arguments(address) + ["--json", "--no-port-checks"])
            #expect(result.status == row.expected, "\(result)")
            let document = try result.json()
            #expect(document["outcome"] == .string(row.outcome), "\(result)")
            let warnings = try #require(document["input_warnings"]?.array)
            let codes = warnings.compactMap { $0["code"]?.string }
            for code in row.codes {
                #expect(codes.contains(code), "\(code) missing from \(codes)")
            }
            for warning in warnings {
                #expect(warning["message"]?.string?.isEmpty == false, "\(warning)")
            }
        }
    }

    @Test("warnings appear in a Warnings section of the human output", arguments: WarningCase.all)
    func human(_ row: WarningCase) async throws {
        try await Panels.with(Self.configuration) { panel in
            let address = PanelAddress(baseURL: panel.baseURL, port: panel.port)
            let result = try await CLIRunner.probe(row.arguments(address) + ["--no-port-checks"])
            #expect(result.status == row.expected, "\(result)")
            #expect(result.stdout.contains("\n  Warnings\n"), "\(result)")
            for code in row.codes {
                #expect(result.stdout.contains("[\(code)]"), "\(code) missing\n\(result)")
            }
        }
    }

    @Test("the invisible-character warning says where it is without showing the password")
    func invisibleCharacterDetails() async throws {
        try await Panels.with { panel in
            let password = "Zq9\u{200B}Xv7"
            let result = try await CLIRunner.probe([panel.baseURL, "-u", "active", "-p", password, "--json", "--no-port-checks"])
            #expect(result.status == Exit.problem, "\(result)")
            let warnings = try #require(try result.json()["input_warnings"]?.array)
            let warning = try #require(warnings.first { $0["code"] == .string("invisible_characters") })
            #expect(warning["field"] == .string("password"))
            #expect(warning["position"] == .number(4))
            #expect(warning["message"]?.string?.contains("U+200B") == true, "\(warning)")
            Secrets.expectNoLeak(result, passwords: [password])
        }
    }

    @Test("input without anything suspicious has no warnings")
    func noWarnings() async throws {
        try await Panels.with { panel in
            let json = try await CLIRunner.probe([panel.baseURL, "-u", "active", "-p", "secret", "--json", "--no-port-checks"])
            #expect(json.status == Exit.healthy, "\(json)")
            #expect(try json.json()["input_warnings"] == .array([]))
            let human = try await CLIRunner.probe([panel.baseURL, "-u", "active", "-p", "secret", "--no-port-checks"])
            #expect(!human.stdout.contains("Warnings"), "\(human)")
        }
    }
}
