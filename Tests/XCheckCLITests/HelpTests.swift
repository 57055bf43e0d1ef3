import Testing

/// A help or version request and what its output must mention.
struct HelpCase: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    var mentions: [String]

    var testDescription: String { "xcheck \(self.arguments.joined(separator: " "))" }

    static let all: [HelpCase] = [
        HelpCase(arguments: ["--help"], mentions: ["probe"]),
        HelpCase(arguments: ["-h"], mentions: ["probe"]),
        HelpCase(arguments: ["probe", "--help"], mentions: ["--password-stdin", "XCHECK_PASSWORD", "--json", "--cacert", "--insecure", "--no-scheme-retry", "--no-port-checks", "Exit status"]),
        HelpCase(arguments: ["help", "probe"], mentions: ["--password-stdin"]),
        HelpCase(arguments: ["--version"], mentions: ["."]),
    ]
}

@Suite("xcheck help")
struct HelpTests {
    @Test("help and version exit 0 on stdout", arguments: HelpCase.all)
    func help(_ row: HelpCase) async throws {
        let result = try await CLIRunner.run(row.arguments)
        #expect(result.status == Exit.healthy, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        for text in row.mentions {
            #expect(result.stdout.contains(text), "'\(text)' missing\n\(result)")
        }
    }

    @Test("an unknown subcommand is bad input")
    func unknownSubcommand() async throws {
        let result = try await CLIRunner.run(["no-such-command"])
        #expect(result.status == Exit.badInput, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }
}
