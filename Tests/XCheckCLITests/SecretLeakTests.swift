import PanelSimulator
import Testing

/// The password must appear nowhere in what `xcheck` prints, whichever way it was given and however the run ends.
enum Secrets {
    /// The password of the lines below.
    static let password = "Zq9-unique-secret"
    /// Every password used in these tests contains one of these; none may appear in any output, so that partial
    /// leaks (a password cut at a '#' or '/') are caught too.
    static let markers = ["Zq9", "Xv7"]

    static let accounts: [SimulatorConfiguration.Account] = [
        .init(username: "leaky", password: password, expiresIn: 30 * Panels.day, maxConnections: 2),
        .init(username: "leaky-expired", password: password, status: .expired, expiresIn: -3 * Panels.day),
    ]

    static var configuration: SimulatorConfiguration { SimulatorConfiguration(accounts: accounts) }

    /// Records an issue for every password or marker found in the output.
    static func expectNoLeak(_ result: CLIResult, passwords: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in Set(passwords + markers) {
            #expect(!result.stdout.contains(secret), "'\(secret)' on stdout\n\(result)", sourceLocation: sourceLocation)
            #expect(!result.stderr.contains(secret), "'\(secret)' on stderr\n\(result)", sourceLocation: sourceLocation)
        }
    }
}

/// A loopback panel as the cases see it.
struct PanelAddress: Sendable {
    var baseURL: String
    var port: Int
}

/// One way of giving the password, and how the run must end.
struct SecretCase: Sendable, CustomTestStringConvertible {
    var name: String
    var expected: Int32
    var arguments: @Sendable (PanelAddress) -> [String]
    var stdin: String? = nil
    var environment: [String: String] = [:]
    /// Every password this case hands to xcheck (besides the markers, which are always checked).
    var passwords: [String] = [Secrets.password]
    var json = false

    var testDescription: String { "\(self.name)\(self.json ? " (--json)" : " (human)")" }

    private static let base: [SecretCase] = [
        SecretCase(name: "ok login with -p", expected: Exit.healthy) {
            [$0.baseURL, "-u", "leaky", "-p", Secrets.password]
        },
        SecretCase(name: "rejected (wrong password)", expected: Exit.problem, arguments: {
            [$0.baseURL, "-u", "leaky", "-p", "Zq9-wrong-Xv7"]
        }, passwords: ["Zq9-wrong-Xv7", Secrets.password]),
        SecretCase(name: "rejected (unknown user)", expected: Exit.problem) {
            [$0.baseURL, "-u", "nobody", "-p", Secrets.password]
        },
        SecretCase(name: "expired", expected: Exit.problem) {
            [$0.baseURL, "-u", "leaky-expired", "-p", Secrets.password]
        },
        SecretCase(name: "pasted get.php URL", expected: Exit.healthy) {
            ["\($0.baseURL)/get.php?username=leaky&password=\(Secrets.password)&type=m3u_plus&output=ts"]
        },
        SecretCase(name: "pasted player_api.php URL, expired", expected: Exit.problem) {
            ["\($0.baseURL)/player_api.php?username=leaky-expired&password=\(Secrets.password)"]
        },
        SecretCase(name: "pasted get.php URL and the same -u/-p", expected: Exit.healthy) {
            ["\($0.baseURL)/get.php?username=leaky&password=\(Secrets.password)", "-u", "leaky", "-p", Secrets.password]
        },
        SecretCase(name: "user:password@ URL", expected: Exit.healthy) {
            ["http://leaky:\(Secrets.password)@127.0.0.1:\($0.port)"]
        },
        SecretCase(name: "pasted stream URL", expected: Exit.healthy) {
            ["\($0.baseURL)/live/leaky/\(Secrets.password)/123.ts"]
        },
        SecretCase(name: "--password-stdin", expected: Exit.healthy, arguments: {
            [$0.baseURL, "-u", "leaky", "--password-stdin"]
        }, stdin: Secrets.password + "\n"),
        SecretCase(name: "XCHECK_PASSWORD", expected: Exit.healthy, arguments: {
            [$0.baseURL, "-u", "leaky"]
        }, environment: ["XCHECK_PASSWORD": Secrets.password]),
        SecretCase(name: "password with U+200B", expected: Exit.problem, arguments: {
            [$0.baseURL, "-u", "leaky", "-p", "Zq9-unique\u{200B}-secret"]
        }, passwords: ["Zq9-unique\u{200B}-secret", "Zq9-unique"]),
        SecretCase(name: "closed port", expected: Exit.problem) { _ in
            [Panels.closedURL(), "-u", "leaky", "-p", Secrets.password]
        },
        SecretCase(name: "https on the plain port (scheme retry)", expected: Exit.problem) {
            ["https://127.0.0.1:\($0.port)", "-u", "leaky", "-p", Secrets.password]
        },

        // Error paths: the input is refused before anything is sent.
        SecretCase(name: "-p twice, the URL carrying a third password", expected: Exit.badInput, arguments: {
            ["\($0.baseURL)/get.php?username=leaky&password=Zq9-url-Xv7", "-u", "leaky", "-p", Secrets.password, "-p", "Zq9-second-Xv7"]
        }, passwords: ["Zq9-url-Xv7", Secrets.password, "Zq9-second-Xv7"]),
        SecretCase(name: "-p differs from the URL's password", expected: Exit.badInput, arguments: {
            ["\($0.baseURL)/get.php?username=leaky&password=Zq9-url-Xv7", "-p", Secrets.password]
        }, passwords: ["Zq9-url-Xv7", Secrets.password]),
        SecretCase(name: "two different passwords inside the URL", expected: Exit.badInput, arguments: {
            ["http://leaky:Zq9-one-Xv7@127.0.0.1:\($0.port)/get.php?username=leaky&password=Zq9-two-Xv7"]
        }, passwords: ["Zq9-one-Xv7", "Zq9-two-Xv7"]),
        SecretCase(name: "-p together with --password-stdin", expected: Exit.badInput, arguments: {
            [$0.baseURL, "-u", "leaky", "-p", Secrets.password, "--password-stdin"]
        }, stdin: "Zq9-stdin-Xv7\n", passwords: ["Zq9-stdin-Xv7", Secrets.password]),
        SecretCase(name: "-p without a username", expected: Exit.badInput) {
            [$0.baseURL, "-p", Secrets.password]
        },
        SecretCase(name: "empty username", expected: Exit.badInput) {
            [$0.baseURL, "-u", "", "-p", Secrets.password]
        },
        SecretCase(name: "'#' unescaped in a user:password@ URL", expected: Exit.badInput, arguments: {
            ["http://leaky:Zq9-unique#Xv7-secret@127.0.0.1:\($0.port)"]
        }, passwords: ["Zq9-unique#Xv7-secret", "Zq9-unique", "Xv7-secret"]),
        SecretCase(name: "'/' unescaped in a user:password@ URL", expected: Exit.badInput, arguments: {
            ["http://leaky:Zq9-unique/Xv7-secret@127.0.0.1:\($0.port)"]
        }, passwords: ["Zq9-unique/Xv7-secret", "Zq9-unique", "Xv7-secret"]),
        SecretCase(name: "ftp:// URL with credentials", expected: Exit.badInput) {
            ["ftp://leaky:\(Secrets.password)@127.0.0.1:\($0.port)"]
        },
        SecretCase(name: "port out of range, credentials in the URL", expected: Exit.badInput) { _ in
            ["http://leaky:\(Secrets.password)@127.0.0.1:99999"]
        },
        SecretCase(name: "unknown flag after -p", expected: Exit.badInput) {
            [$0.baseURL, "-u", "leaky", "-p", Secrets.password, "--no-such-flag"]
        },
        SecretCase(name: "bad --timeout after -p", expected: Exit.badInput) {
            [$0.baseURL, "-u", "leaky", "--password", Secrets.password, "--timeout", "abc"]
        },
        SecretCase(name: "--timeout 0 after -p", expected: Exit.badInput) {
            [$0.baseURL, "-u", "leaky", "-p", Secrets.password, "--timeout", "0"]
        },
    ]

    /// Every case, with human and with JSON output.
    static let all: [SecretCase] = base.flatMap { row in
        var json = row
        json.json = true
        return [row, json]
    }
}

@Suite("xcheck never prints the password")
struct SecretLeakTests {
    @Test("the password is on neither stdout nor stderr", arguments: SecretCase.all)
    func noLeak(_ row: SecretCase) async throws {
        try await Panels.with(Secrets.configuration) { panel in
            let address = PanelAddress(baseURL: panel.baseURL, port: panel.port)
            let arguments = row.arguments(address) + (row.json ? ["--json"] : [])
            let result = try await CLIRunner.probe(arguments, stdin: row.stdin, environment: row.environment)
            #expect(result.status == row.expected, "\(result)")
            Secrets.expectNoLeak(result, passwords: row.passwords)
            if row.expected == Exit.badInput {
                #expect(panel.stats.totalRequests == 0)
            }
            if row.expected == Exit.healthy {
                // The password reached the panel intact (it logged in), and no stream was ever opened.
                #expect(panel.stats.loginRequests >= 1)
                #expect(panel.stats.streamRequests == 0)
                if row.json {
                    #expect(try result.json()["target"]?["username"] == .string("leaky"))
                } else {
                    #expect(result.stdout.contains("(user: leaky)"), "\(result)")
                }
            }
        }
    }

    // Known leaks through ArgumentParser's error messages, which echo the offending argument verbatim.

    @Test("a password written as -pSECRET (mysql style) is not echoed")
    func attachedShortOption() async throws {
        let result = try await CLIRunner.probe([Panels.closedURL(), "-u", "leaky", "-pZq9-attached-Xv7"])
        #expect(result.status == Exit.badInput, "\(result)")
        Secrets.expectNoLeak(result, passwords: ["Zq9-attached-Xv7"])
    }

    @Test("a password given without -p (a stray argument) is not echoed")
    func strayPositional() async throws {
        let result = try await CLIRunner.probe([Panels.closedURL(), "-u", "leaky", "Zq9-stray-Xv7"])
        #expect(result.status == Exit.badInput, "\(result)")
        Secrets.expectNoLeak(result, passwords: ["Zq9-stray-Xv7"])
    }
}
