import PanelSimulator
import Testing
import XCheckModel
import XCheckProbe
import XCheckTestSupport

/// Every outcome code produced by a real condition on loopback sockets.
@Suite("Probe outcomes")
struct ProbeOutcomeTests {
    struct AccountCase: Sendable, CustomTestStringConvertible {
        var family: SimulatorConfiguration.Family
        var username: String
        var password: String
        var outcome: Outcome
        var stage: Stage?
        var panel: PanelFamily
        var testDescription: String { "\(self.family.rawValue)/\(self.username) -> \(self.outcome.rawValue)" }
    }

    static let accountCases: [AccountCase] = [
        .init(family: .xtreamCodes, username: "active", password: "secret", outcome: .ok, stage: nil, panel: .xtreamCodes),
        .init(family: .xtreamCodes, username: "active", password: "wrong", outcome: .credentialsRejected, stage: .login, panel: .xtreamCodes),
        .init(family: .xtreamCodes, username: "nobody", password: "secret", outcome: .credentialsRejected, stage: .login, panel: .xtreamCodes),
        .init(family: .xtreamCodes, username: "expired", password: "secret", outcome: .accountExpired, stage: .login, panel: .xtreamCodes),
        .init(family: .xtreamCodes, username: "banned", password: "secret", outcome: .accountBanned, stage: .login, panel: .xtreamCodes),
        .init(family: .xtreamCodes, username: "disabled", password: "secret", outcome: .accountDisabled, stage: .login, panel: .xtreamCodes),
        .init(family: .xtreamCodes, username: "maxed", password: "secret", outcome: .maxConnectionsReached, stage: .login, panel: .xtreamCodes),
        .init(family: .xtreamCodes, username: "trial", password: "secret", outcome: .ok, stage: nil, panel: .xtreamCodes),
        .init(family: .xtreamCodes, username: "unlimited", password: "secret", outcome: .ok, stage: nil, panel: .xtreamCodes),
        .init(family: .xtreamCodes, username: "special", password: "p&ss#w+rd %/é", outcome: .ok, stage: nil, panel: .xtreamCodes),
        .init(family: .xui, username: "active", password: "secret", outcome: .ok, stage: nil, panel: .xui),
        .init(family: .xui, username: "active", password: "wrong", outcome: .loginRejected, stage: .login, panel: .xui),
        .init(family: .xui, username: "expired", password: "secret", outcome: .loginRejected, stage: .login, panel: .xui),
        .init(family: .xui, username: "banned", password: "secret", outcome: .loginRejected, stage: .login, panel: .xui),
        .init(family: .xui, username: "maxed", password: "secret", outcome: .maxConnectionsReached, stage: .login, panel: .xui),
        .init(family: .xui, username: "special", password: "p&ss#w+rd %/é", outcome: .ok, stage: nil, panel: .xui),
        .init(family: .integerTyped, username: "active", password: "secret", outcome: .ok, stage: nil, panel: .xtreamCodes),
        .init(family: .integerTyped, username: "active", password: "wrong", outcome: .credentialsRejected, stage: .login, panel: .unknown),
        .init(family: .integerTyped, username: "expired", password: "secret", outcome: .accountExpired, stage: .login, panel: .xtreamCodes),
    ]

    @Test("login outcomes of both panel families and a re-implementation", arguments: accountCases)
    func accounts(_ c: AccountCase) async throws {
        let (result, stats) = try await ProbeHarness.withPanel(SimulatorConfiguration(family: c.family)) { panel in
            (try await ProbeHarness.probe(panel.baseURL, username: c.username, password: c.password), panel.stats)
        }
        #expect(result.outcome == c.outcome, "\(result.detail)")
        #expect(result.stage == c.stage)
        #expect(result.panel == c.panel)
        #expect(result.kind == .login)
        #expect(result.timings.connect != nil)
        #expect(result.timings.firstByte != nil)
        #expect(result.timings.total != nil)
        #expect(!result.detail.isEmpty)
        #expect(!result.advice.isEmpty)
        #expect(stats.streamRequests == 0)
        #expect(stats.loginRequests == 1)
        if c.outcome == .ok || c.outcome == .accountExpired || c.outcome == .maxConnectionsReached {
            #expect(result.account != nil)
        }
    }

    @Test("the account details: days left on the panel's clock, trial, unlimited connections")
    func accountDetails() async throws {
        let fixedNow: Int64 = 1_800_000_000
        let (trial, unlimited) = try await ProbeHarness.withPanel(SimulatorConfiguration(now: { fixedNow })) { panel in
            (try await ProbeHarness.probe(panel.baseURL, username: "trial", password: "secret"),
             try await ProbeHarness.probe(panel.baseURL, username: "unlimited", password: "secret"))
        }
        #expect(trial.account?.isTrial == true)
        #expect(trial.account?.daysLeft == 7)
        #expect(unlimited.account?.expiresAt == nil)
        #expect(unlimited.account?.maxConnections == 0)
    }

    @Test("without credentials: reachable")
    func reachable() async throws {
        let result = try await ProbeHarness.withPanel { panel in try await ProbeHarness.probe(panel.baseURL) }
        #expect(result.outcome == .reachable)
        #expect(result.kind == .reachability)
        #expect(result.stage == nil)
    }

    @Test("an IPv6-literal target (http://[::1]:PORT) logs in like any other")
    func ipv6Literal() async throws {
        var configuration = SimulatorConfiguration()
        configuration.host = "::1"
        let result: ProbeResult
        do {
            result = try await ProbeHarness.withPanel(configuration) { panel in
                #expect(panel.baseURL.hasPrefix("http://[::1]:"))
                return try await ProbeHarness.probe(panel.baseURL, username: "active", password: "secret")
            }
        } catch {
            // A machine without IPv6 on loopback cannot run this; the isolated test namespace has it.
            try #require(!TestEnvironment.isIsolated, "cannot listen on [::1]: \(error)")
            return
        }
        #expect(result.outcome == .ok, "\(result.outcome.rawValue) \(result.detail)")
        #expect(result.connectedAddress == "::1")
    }

    @Test("connection_refused: nothing listens on the port")
    func refused() async throws {
        let port = LoopbackSockets.closedPort()
        let result = try await ProbeHarness.probe("127.0.0.1:\(port)", username: "a", password: "b")
        #expect(result.outcome == .connectionRefused)
        #expect(result.stage == .connect)
        #expect(result.connectedAddress == nil || result.connectedAddress == "127.0.0.1")
    }

    @Test("connection_timeout: a listener that never accepts")
    func connectTimeout() async throws {
        let listener = LoopbackSockets.fullBacklog()
        defer { listener.close() }
        let config = ProbeHarness.configuration { $0.connectTimeout = .milliseconds(500) }
        let result = try await ProbeHarness.probe("127.0.0.1:\(listener.port)", username: "a", password: "b", configuration: config)
        #expect(result.outcome == .connectionTimeout)
        #expect(result.stage == .connect)
    }

    @Test("connection_reset: the server resets the connection after reading the request")
    func reset() async throws {
        let result = try await ProbeHarness.withPanel(SimulatorConfiguration(mode: .resetAfterRequest)) { panel in
            try await ProbeHarness.probe(panel.baseURL, username: "active", password: "secret")
        }
        #expect(result.outcome == .connectionReset)
        #expect(result.stage == .http)
    }

    @Test("response_timeout: connected, but no answer within the request limit", arguments: [
        SimulatorConfiguration.Mode.neverRespond, .drip(bytesPerTick: 1, tickMilliseconds: 200), .slow(milliseconds: 5_000),
    ])
    func responseTimeout(mode: SimulatorConfiguration.Mode) async throws {
        let config = ProbeHarness.configuration { $0.requestTimeout = .seconds(1) }
        let result = try await ProbeHarness.withPanel(SimulatorConfiguration(mode: mode)) { panel in
            try await ProbeHarness.probe(panel.baseURL, username: "active", password: "secret", configuration: config)
        }
        #expect(result.outcome == .responseTimeout)
        #expect(result.stage == .http)
    }

    @Test("HTTP-layer outcomes from the server's answer", arguments: [
        (SimulatorConfiguration.Mode.serverError(status: 500), Outcome.httpError, Stage.http),
        (.serverError(status: 502), .httpError, .http),
        (.redirectLoop, .httpError, .http),
        (.closeWithoutResponse, .httpError, .http),
        (.cloudflareOriginError(status: 522), .cdnOriginError, .http),
        (.cloudflareOriginError(status: 521), .cdnOriginError, .http),
        (.cloudflareChallenge, .cdnChallenge, .http),
        (.rateLimited, .rateLimited, .http),
        (.ipBlocked, .rateLimited, .http),
        (.html, .notXtream, .http),
        (.hugeBody(bytes: 4 << 20), .notXtream, .http),
    ])
    func httpLayer(mode: SimulatorConfiguration.Mode, outcome: Outcome, stage: Stage) async throws {
        let config = ProbeHarness.configuration { $0.tryOtherScheme = false }
        let result = try await ProbeHarness.withPanel(SimulatorConfiguration(mode: mode)) { panel in
            try await ProbeHarness.probe(panel.baseURL, username: "active", password: "secret", configuration: config)
        }
        #expect(result.outcome == outcome, "\(result.detail)")
        #expect(result.stage == stage)
    }

    @Test("tls_failure: a certificate the client does not trust")
    func untrustedCertificate() async throws {
        let config = ProbeHarness.configuration { $0.caFile = nil }
        let result = try await ProbeHarness.withPanel(SimulatorConfiguration(tls: ProbeHarness.tlsFiles)) { panel in
            try await ProbeHarness.probe(panel.baseURL, username: "active", password: "secret", configuration: config)
        }
        #expect(result.outcome == .tlsFailure)
        #expect(result.stage == .tls)
        #expect(result.detail.contains("not trusted"))
        // An untrusted certificate proves the port speaks TLS: no plain-http retry (it would expose credentials).
        #expect(result.alternatives.isEmpty)
    }

    @Test("https works with the CA, and the TLS stage is timed")
    func httpsOK() async throws {
        let result = try await ProbeHarness.withPanel(SimulatorConfiguration(tls: ProbeHarness.tlsFiles)) { panel in
            try await ProbeHarness.probe(panel.baseURL, username: "active", password: "secret")
        }
        #expect(result.outcome == .ok)
        #expect(result.target.scheme == .https)
        #expect(result.timings.tls != nil)
    }

    @Test("scheme_mismatch: https to a plain-http port; the http alternative answers (checked without credentials)")
    func httpsToPlainPort() async throws {
        let result = try await ProbeHarness.withPanel { panel in
            try await ProbeHarness.probe("https://127.0.0.1:\(panel.port)", username: "active", password: "secret")
        }
        #expect(result.outcome == .schemeMismatch, "\(result.detail)")
        #expect(result.stage == .tls)
        // The retry over plain http carries no credentials: it only shows that the port speaks http.
        #expect(result.alternatives.contains { $0.url == "http://127.0.0.1:\(result.target.port)" && $0.outcome == .reachable && $0.kind == .reachability })
        #expect(result.account == nil)
    }

    @Test("scheme_mismatch: http to a TLS port (nginx's 400 page); the https alternative works")
    func httpToTLSPort() async throws {
        let result = try await ProbeHarness.withPanel(SimulatorConfiguration(tls: ProbeHarness.tlsFiles)) { panel in
            try await ProbeHarness.probe("http://127.0.0.1:\(panel.port)", username: "active", password: "secret")
        }
        #expect(result.outcome == .schemeMismatch, "\(result.detail)")
        #expect(result.alternatives.contains { $0.url == "https://127.0.0.1:\(result.target.port)" && $0.outcome == .ok })
    }

    @Test("the ports the panel advertises are port-checked and offered as alternatives")
    func advertisedPorts() async throws {
        let tlsPanel = try await PanelSimulator.start(SimulatorConfiguration(family: .xui, tls: ProbeHarness.tlsFiles))
        let closed = LoopbackSockets.closedPort()
        let result = try await ProbeHarness.withPanel(SimulatorConfiguration(family: .xui, advertisedHTTPSPort: tlsPanel.port)) { panel in
            try await ProbeHarness.probe(panel.baseURL, username: "active", password: "secret")
        }
        try await tlsPanel.shutdown()
        _ = closed
        #expect(result.outcome == .ok)
        let https = result.ports.first { $0.service == .https }
        #expect(https?.outcome == .reachable)
        #expect(https?.timings.tls != nil)
        #expect(result.alternatives.contains { $0.url == "https://127.0.0.1:\(tlsPanel.port)" && $0.outcome == .reachable && $0.kind == .port })
        #expect(result.ports.contains { $0.service == .http && $0.port == result.target.port && $0.outcome == .reachable })
    }

    @Test("target_forbidden: the address policy refuses the address")
    func forbidden() async throws {
        let config = ProbeHarness.configuration { $0.addressPolicy = { _ in false } }
        let (result, stats) = try await ProbeHarness.withPanel { panel in
            (try await ProbeHarness.probe(panel.baseURL, username: "active", password: "secret", configuration: config), panel.stats)
        }
        #expect(result.outcome == .targetForbidden)
        #expect(stats.totalRequests == 0)
    }

    @Test("input warnings are carried into the result")
    func warnings() async throws {
        let result = try await ProbeHarness.withPanel { panel in
            try await ProbeHarness.probe("\(panel.baseURL)/", username: "active", password: "secret\u{200B}")
        }
        #expect(result.outcome == .credentialsRejected)
        #expect(result.inputWarnings.map(\.code).contains(.invisibleCharacters))
        #expect(result.inputWarnings.map(\.code).contains(.trailingSlash))
    }
}
