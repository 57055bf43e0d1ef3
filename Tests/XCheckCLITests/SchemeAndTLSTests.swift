import PanelSimulator
import Testing
import XCheckTestSupport

/// TLS options against a TLS simulator that uses the test CA's certificate.
struct TLSCase: Sendable, CustomTestStringConvertible {
    var name: String
    var options: [String]
    var expected: Int32
    var outcome: String
    var stage: JSONValue

    var testDescription: String { self.name }

    static let all: [TLSCase] = [
        TLSCase(name: "--cacert with the test CA", options: ["--cacert", Panels.caFile], expected: Exit.healthy, outcome: "ok", stage: .null),
        TLSCase(name: "the system's CAs", options: [], expected: Exit.problem, outcome: "tls_failure", stage: .string("tls")),
        TLSCase(name: "--insecure", options: ["--insecure"], expected: Exit.healthy, outcome: "ok", stage: .null),
        TLSCase(name: "--cacert and --insecure", options: ["--cacert", Panels.caFile, "--insecure"], expected: Exit.healthy, outcome: "ok", stage: .null),
    ]
}

@Suite("xcheck probe schemes and TLS")
struct SchemeAndTLSTests {
    static var tlsConfiguration: SimulatorConfiguration { SimulatorConfiguration(tls: Panels.tlsFiles) }

    // Since c1e24fa the plain-http retry after a failed https attempt goes without the credentials (never send
    // them in clear text after a TLS failure): the http alternative is a reachability check, `reachable`, not a
    // login `ok`.
    @Test("https on a plain-http port is a scheme mismatch, and the http URL is offered")
    func schemeMismatch() async throws {
        try await Panels.with { panel in
            let httpsURL = "https://127.0.0.1:\(panel.port)"
            let result = try await CLIRunner.probe([httpsURL, "-u", "active", "-p", "secret", "--json", "--no-port-checks"])
            #expect(result.status == Exit.problem, "\(result)")
            let document = try result.json()
            #expect(JSONContract.violations(document).isEmpty, "\(JSONContract.violations(document))")
            #expect(document["outcome"] == .string("scheme_mismatch"), "\(result)")
            #expect(document["target"]?["scheme"] == .string("https"))
            let alternatives = try #require(document["alternatives"]?.array)
            let http = try #require(alternatives.first { $0["url"] == .string(panel.baseURL) }, "alternatives: \(alternatives)")
            #expect(http["outcome"] == .string("reachable"), "alternatives: \(alternatives)")
            #expect(http["kind"] == .string("reachability"), "the retry over plain http must not carry the credentials")
            #expect(document["advice"]?.array?.contains { $0.string?.contains("http://") == true } == true, "\(result)")
        }
    }

    @Test("the scheme mismatch in human form lists the alternative")
    func schemeMismatchHuman() async throws {
        try await Panels.with { panel in
            let result = try await CLIRunner.probe(["https://127.0.0.1:\(panel.port)", "-u", "active", "-p", "secret", "--no-port-checks"])
            #expect(result.status == Exit.problem, "\(result)")
            #expect(result.stdout.contains("FAIL scheme_mismatch"), "\(result)")
            #expect(result.stdout.contains("\n  Alternatives\n    - \(panel.baseURL): reachable"), "\(result)")
        }
    }

    @Test("--no-scheme-retry tries only the given scheme")
    func noSchemeRetry() async throws {
        try await Panels.with { panel in
            let result = try await CLIRunner.probe(
                ["https://127.0.0.1:\(panel.port)", "-u", "active", "-p", "secret", "--json", "--no-port-checks", "--no-scheme-retry"]
            )
            #expect(result.status == Exit.problem, "\(result)")
            let document = try result.json()
            #expect(document["outcome"] != .string("ok"))
            #expect(document["alternatives"] == .array([]), "\(result)")
            #expect(panel.stats.loginRequests == 0, "the http retry must not happen")
        }
    }

    @Test("TLS verification options", arguments: TLSCase.all)
    func tls(_ row: TLSCase) async throws {
        try await Panels.with(Self.tlsConfiguration) { panel in
            #expect(panel.baseURL.hasPrefix("https://"))
            let result = try await CLIRunner.probe([panel.baseURL, "-u", "active", "-p", "secret", "--json", "--no-port-checks"] + row.options)
            #expect(result.status == row.expected, "\(result)")
            let document = try result.json()
            #expect(JSONContract.violations(document).isEmpty, "\(JSONContract.violations(document))")
            #expect(document["outcome"] == .string(row.outcome), "\(result)")
            #expect(document["stage"] == row.stage, "\(result)")
            #expect(document["target"]?["scheme"] == .string("https"))
            if row.outcome == "ok" {
                #expect(document["timings_ms"]?["tls"]?.number != nil, "an ok https login has a TLS time")
                #expect(document["account"]?["status"] == .string("active"))
            } else {
                // An untrusted certificate proves the port speaks TLS: no retry over plain http.
                #expect(document["alternatives"] == .array([]), "\(result)")
            }
        }
    }

    @Test("http on a TLS port is detected")
    func httpOnTLSPort() async throws {
        try await Panels.with(Self.tlsConfiguration) { panel in
            let result = try await CLIRunner.probe(
                ["http://127.0.0.1:\(panel.port)", "-u", "active", "-p", "secret", "--json", "--no-port-checks", "--cacert", Panels.caFile]
            )
            #expect(result.status == Exit.problem, "\(result)")
            let document = try result.json()
            #expect(document["outcome"] == .string("scheme_mismatch"), "\(result)")
            let alternatives = try #require(document["alternatives"]?.array)
            #expect(alternatives.contains { $0["url"] == .string(panel.baseURL) && $0["outcome"] == .string("ok") }, "\(alternatives)")
        }
    }

    @Test("an unreadable --cacert file is bad input, not a TLS failure of the server")
    func unreadableCACert() async throws {
        try await Panels.with(Self.tlsConfiguration) { panel in
            let result = try await CLIRunner.probe(
                [panel.baseURL, "-u", "active", "-p", "secret", "--no-port-checks", "--cacert", "/nonexistent/xcheck-test-ca.pem"]
            )
            #expect(result.status == Exit.badInput, "\(result)")
            #expect(result.stderr.contains("--cacert"))
        }
    }
}
