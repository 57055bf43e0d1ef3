import Testing

/// A way of giving the password other than `-p`.
struct PasswordSourceCase: Sendable, CustomTestStringConvertible {
    var name: String
    var arguments: [String]
    var stdin: String? = nil
    var environment: [String: String] = [:]
    var expected: Int32
    /// The JSON outcome, for runs that reach the panel.
    var outcome: String?
    /// Text stderr must contain, for refused input.
    var message: String? = nil

    var testDescription: String { self.name }

    static let all: [PasswordSourceCase] = [
        PasswordSourceCase(name: "--password-stdin", arguments: ["-u", "active", "--password-stdin"], stdin: "secret\n", expected: Exit.healthy, outcome: "ok"),
        PasswordSourceCase(name: "--password-stdin without a final newline", arguments: ["-u", "active", "--password-stdin"], stdin: "secret", expected: Exit.healthy, outcome: "ok"),
        PasswordSourceCase(name: "--password-stdin with CRLF", arguments: ["-u", "active", "--password-stdin"], stdin: "secret\r\n", expected: Exit.healthy, outcome: "ok"),
        PasswordSourceCase(name: "--password-stdin reads only the first line", arguments: ["-u", "active", "--password-stdin"], stdin: "secret\nsomething else\n", expected: Exit.healthy, outcome: "ok"),
        PasswordSourceCase(name: "--password-stdin, wrong password", arguments: ["-u", "active", "--password-stdin"], stdin: "wrong\n", expected: Exit.problem, outcome: "credentials_rejected"),
        PasswordSourceCase(name: "XCHECK_PASSWORD", arguments: ["-u", "active"], environment: ["XCHECK_PASSWORD": "secret"], expected: Exit.healthy, outcome: "ok"),
        PasswordSourceCase(name: "XCHECK_PASSWORD, wrong password", arguments: ["-u", "active"], environment: ["XCHECK_PASSWORD": "wrong"], expected: Exit.problem, outcome: "credentials_rejected"),
        PasswordSourceCase(name: "-p wins over XCHECK_PASSWORD", arguments: ["-u", "active", "-p", "secret"], environment: ["XCHECK_PASSWORD": "wrong"], expected: Exit.healthy, outcome: "ok"),
        PasswordSourceCase(name: "--password-stdin wins over XCHECK_PASSWORD", arguments: ["-u", "active", "--password-stdin"], stdin: "secret\n", environment: ["XCHECK_PASSWORD": "wrong"], expected: Exit.healthy, outcome: "ok"),
        PasswordSourceCase(name: "XCHECK_PASSWORD without -u is ignored", arguments: [], environment: ["XCHECK_PASSWORD": "secret"], expected: Exit.healthy, outcome: "reachable"),
        PasswordSourceCase(name: "-p with --password-stdin", arguments: ["-u", "active", "-p", "secret", "--password-stdin"], stdin: "secret\n", expected: Exit.badInput, outcome: nil, message: "not both"),
        PasswordSourceCase(name: "--password-stdin with empty input", arguments: ["-u", "active", "--password-stdin"], stdin: "", expected: Exit.badInput, outcome: nil, message: "standard input is empty"),
        PasswordSourceCase(name: "--password-stdin with stdin at /dev/null", arguments: ["-u", "active", "--password-stdin"], stdin: nil, expected: Exit.badInput, outcome: nil, message: "standard input is empty"),
        PasswordSourceCase(name: "--password-stdin with an empty line", arguments: ["-u", "active", "--password-stdin"], stdin: "\n", expected: Exit.badInput, outcome: nil, message: "empty"),
        PasswordSourceCase(name: "--password-stdin without -u", arguments: ["--password-stdin"], stdin: "secret\n", expected: Exit.badInput, outcome: nil, message: "no username"),
    ]
}

@Suite("xcheck password sources")
struct PasswordSourceTests {
    @Test("the password from stdin or the environment", arguments: PasswordSourceCase.all)
    func source(_ row: PasswordSourceCase) async throws {
        try await Panels.with { panel in
            let result = try await CLIRunner.probe(
                [panel.baseURL] + row.arguments + ["--json", "--no-port-checks"],
                stdin: row.stdin,
                environment: row.environment
            )
            #expect(result.status == row.expected, "\(result)")
            if let outcome = row.outcome {
                #expect(try result.json()["outcome"] == .string(outcome), "\(result)")
            } else {
                #expect(result.stdout.isEmpty, "\(result)")
                #expect(panel.stats.totalRequests == 0)
            }
            if let message = row.message {
                #expect(result.stderr.contains(message), "\(result)")
            }
        }
    }
}
