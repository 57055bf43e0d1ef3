import Testing

/// A run in human form and the lines its report must (and must not) have.
struct HumanCase: Sendable, CustomTestStringConvertible {
    var name: String
    var arguments: @Sendable (CLITargets) -> [String]
    var expected: Int32
    /// The start of the verdict line after the indentation: "OK   ok", "FAIL connection_refused at connect".
    var verdict: String
    /// The start of the Account line, or nil when there must be none.
    var account: String?

    var testDescription: String { self.name }

    static let all: [HumanCase] = [
        HumanCase(name: "ok login", arguments: { [$0.panel, "-u", "active", "-p", "secret"] }, expected: Exit.healthy, verdict: "OK   ok: ", account: "active, expires "),
        HumanCase(name: "trial login", arguments: { [$0.panel, "-u", "trial", "-p", "secret"] }, expected: Exit.healthy, verdict: "OK   ok: ", account: "active, expires "),
        HumanCase(name: "unlimited line", arguments: { [$0.panel, "-u", "unlimited", "-p", "secret"] }, expected: Exit.healthy, verdict: "OK   ok: ", account: "active, never expires"),
        HumanCase(name: "expired", arguments: { [$0.panel, "-u", "expired", "-p", "secret"] }, expected: Exit.problem, verdict: "FAIL account_expired at login: ", account: "expired on "),
        HumanCase(name: "wrong password", arguments: { [$0.panel, "-u", "active", "-p", "wrong"] }, expected: Exit.problem, verdict: "FAIL credentials_rejected at login: ", account: nil),
        HumanCase(name: "reachable without credentials", arguments: { [$0.panel] }, expected: Exit.healthy, verdict: "OK   reachable: ", account: nil),
        HumanCase(name: "closed port", arguments: { [$0.closed, "-u", "active", "-p", "secret"] }, expected: Exit.problem, verdict: "FAIL connection_refused at connect: ", account: nil),
    ]
}

@Suite("xcheck probe human output")
struct HumanOutputTests {
    @Test("verdict, Timings, Account and Advice", arguments: HumanCase.all)
    func report(_ row: HumanCase) async throws {
        try await Panels.with { panel in
            let targets = CLITargets(panel: panel.baseURL, closed: Panels.closedURL())
            let arguments = row.arguments(targets)
            let result = try await CLIRunner.probe(arguments + ["--no-port-checks"])
            #expect(result.status == row.expected, "\(result)")
            #expect(result.stderr.isEmpty, "\(result)")
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

            // Header: the URL checked and the user.
            let header = try #require(lines.first)
            #expect(header.hasPrefix("xcheck probe \(arguments[0])"), "\(result)")
            #expect(header.hasSuffix(arguments.contains("-u") ? "(user: \(arguments[2]))" : arguments[0]), "\(result)")

            // The verdict line carries the outcome code.
            #expect(lines.contains { $0.hasPrefix("  \(row.verdict)") }, "no verdict line '\(row.verdict)'\n\(result)")

            // Timings, with every stage named.
            let timings = lines.first { $0.hasPrefix("  Timings   ") }
            #expect(timings != nil, "\(result)")
            for stage in ["dns ", "connect ", "tls ", "first byte ", "total "] {
                #expect(timings?.contains(stage) == true, "'\(stage)' missing from \(timings ?? "-")")
            }

            // Account line only for a login answer that described the account.
            let account = lines.first { $0.hasPrefix("  Account   ") }
            if let expected = row.account {
                #expect(account?.hasPrefix("  Account   \(expected)") == true, "\(result)")
            } else {
                #expect(account == nil, "\(result)")
            }

            // Advice: a section with at least one item.
            let advice = try #require(lines.firstIndex(of: "  Advice"), "no Advice section\n\(result)")
            #expect(advice + 1 < lines.count && lines[advice + 1].hasPrefix("    - "), "\(result)")

            // Plain text for a pipe: no JSON, no terminal escapes.
            #expect(!result.stdout.hasPrefix("{"))
            #expect(!result.stdout.contains("\u{1B}["), "\(result)")
        }
    }

    @Test("an account at its connection limit says so")
    func maxedAccount() async throws {
        try await Panels.with { panel in
            let result = try await CLIRunner.probe([panel.baseURL, "-u", "maxed", "-p", "secret", "--no-port-checks"])
            #expect(result.status == Exit.problem, "\(result)")
            #expect(result.stdout.contains("FAIL max_connections_reached at login"), "\(result)")
            #expect(result.stdout.contains("connections 2 of 2"), "\(result)")
        }
    }

    @Test("the advertised ports are reported unless --no-port-checks")
    func ports() async throws {
        try await Panels.with { panel in
            let with = try await CLIRunner.probe([panel.baseURL, "-u", "active", "-p", "secret"])
            #expect(with.status == Exit.healthy, "\(with)")
            #expect(with.stdout.contains("  Ports     http \(panel.port) open"), "\(with)")
            let without = try await CLIRunner.probe([panel.baseURL, "-u", "active", "-p", "secret", "--no-port-checks"])
            #expect(without.status == Exit.healthy, "\(without)")
            #expect(!without.stdout.contains("  Ports "), "\(without)")
        }
    }
}
