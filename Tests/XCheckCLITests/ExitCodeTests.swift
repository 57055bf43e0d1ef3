import PanelSimulator
import Testing

/// Where a case may point: a running simulator, or a loopback port nothing listens on.
struct CLITargets: Sendable {
    var panel: String
    var closed: String
}

/// One row of the exit-status table.
struct ExitCodeCase: Sendable, CustomTestStringConvertible {
    var name: String
    var expected: Int32
    var arguments: @Sendable (CLITargets) -> [String]

    var testDescription: String { "\(self.name) → \(self.expected)" }

    static let all: [ExitCodeCase] = [
        // 0: healthy.
        ExitCodeCase(name: "healthy login", expected: Exit.healthy) { [$0.panel, "-u", "active", "-p", "secret"] },
        ExitCodeCase(name: "reachable without credentials", expected: Exit.healthy) { [$0.panel] },
        ExitCodeCase(name: "unlimited line", expected: Exit.healthy) { [$0.panel, "-u", "unlimited", "-p", "secret"] },
        // 1: a problem was found.
        ExitCodeCase(name: "wrong password", expected: Exit.problem) { [$0.panel, "-u", "active", "-p", "wrong"] },
        ExitCodeCase(name: "expired", expected: Exit.problem) { [$0.panel, "-u", "expired", "-p", "secret"] },
        ExitCodeCase(name: "banned", expected: Exit.problem) { [$0.panel, "-u", "banned", "-p", "secret"] },
        ExitCodeCase(name: "max connections reached", expected: Exit.problem) { [$0.panel, "-u", "maxed", "-p", "secret"] },
        ExitCodeCase(name: "closed port", expected: Exit.problem) { [$0.closed, "-u", "active", "-p", "secret"] },
        ExitCodeCase(name: "closed port, no credentials", expected: Exit.problem) { [$0.closed] },
        // 2: input that cannot be used (rejected before any lookup or connection).
        ExitCodeCase(name: "ftp scheme", expected: Exit.badInput) { _ in ["ftp://x"] },
        ExitCodeCase(name: "empty URL", expected: Exit.badInput) { _ in [""] },
        ExitCodeCase(name: "port out of range", expected: Exit.badInput) { _ in ["http://h:99999"] },
        ExitCodeCase(name: "-u without a password", expected: Exit.badInput) { [$0.panel, "-u", "active"] },
        ExitCodeCase(name: "-p without a username", expected: Exit.badInput) { [$0.panel, "-p", "secret"] },
        ExitCodeCase(name: "unknown flag", expected: Exit.badInput) { [$0.panel, "--no-such-flag"] },
        ExitCodeCase(name: "--timeout 0", expected: Exit.badInput) { [$0.panel, "-u", "active", "-p", "secret", "--timeout", "0"] },
        ExitCodeCase(name: "--timeout 301", expected: Exit.badInput) { [$0.panel, "--timeout", "301"] },
        ExitCodeCase(name: "--connect-timeout not a number", expected: Exit.badInput) { [$0.panel, "--connect-timeout", "soon"] },
        ExitCodeCase(name: "missing URL", expected: Exit.badInput) { _ in [] },
        ExitCodeCase(name: "two URLs", expected: Exit.badInput) { [$0.panel, $0.panel] },
    ]
}

@Suite("xcheck exit status")
struct ExitCodeTests {
    @Test("exit status", arguments: ExitCodeCase.all)
    func exitStatus(_ row: ExitCodeCase) async throws {
        try await Panels.with { panel in
            let targets = CLITargets(panel: panel.baseURL, closed: Panels.closedURL())
            let result = try await CLIRunner.probe(row.arguments(targets))
            #expect(result.status == row.expected, "\(result)")
            if row.expected == Exit.badInput {
                // Bad input: a message on stderr, nothing on stdout, and the panel never contacted.
                #expect(result.stdout.isEmpty, "\(result)")
                #expect(!result.stderr.isEmpty, "\(result)")
                #expect(panel.stats.totalRequests == 0)
            } else {
                // A diagnosis: the report on stdout, nothing on stderr.
                #expect(!result.stdout.isEmpty, "\(result)")
                #expect(result.stderr.isEmpty, "\(result)")
            }
        }
    }
}
