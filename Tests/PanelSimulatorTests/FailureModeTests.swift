import PanelSimulator
import Testing

@Suite("Failure modes")
struct FailureModeTests {
    private let loginTarget = HTTPTestClient.loginTarget(username: "active", password: "secret")

    private func fetch(mode: SimulatorConfiguration.Mode, target: String? = nil) async throws -> RawHTTPResponse {
        try await SimulatorHarness.with(SimulatorHarness.configuration(mode: mode)) { simulator in
            try await HTTPTestClient.fetch(port: simulator.port, target: target ?? loginTarget)
        }
    }

    @Test func ipBlockedIs403WithEmptyBody() async throws {
        let response = try await fetch(mode: .ipBlocked)
        #expect(response.statusLine == "HTTP/1.1 403 Forbidden")
        #expect(response.header("Server") == "nginx")
        #expect(response.body.isEmpty)
    }

    @Test func rateLimitedIs429() async throws {
        let response = try await fetch(mode: .rateLimited)
        #expect(response.statusLine == "HTTP/1.1 429 Too Many Requests")
        #expect(response.text.contains("<title>429 Too Many Requests</title>"))
    }

    @Test func cloudflareChallengeHeaders() async throws {
        let response = try await fetch(mode: .cloudflareChallenge)
        #expect(response.statusCode == 403)
        #expect(response.header("server") == "cloudflare")
        #expect(response.header("cf-mitigated") == "challenge")
        let ray = try #require(response.header("cf-ray"))
        #expect(ray.hasSuffix("-LHR") && ray.count == 20)
        #expect(response.text.contains("<title>Just a moment...</title>"))
    }

    @Test(arguments: [520, 521, 522, 523, 524, 525, 526])
    func cloudflareOriginErrors(status: Int) async throws {
        let response = try await fetch(mode: .cloudflareOriginError(status: status))
        #expect(response.statusCode == status)
        #expect(response.header("Server") == "cloudflare")
        #expect(response.header("cf-ray") != nil)
        #expect(response.text == "error code: \(status)")
    }

    @Test(arguments: [(500, "Internal Server Error"), (502, "Bad Gateway"), (503, "Service Temporarily Unavailable")])
    func serverErrorsUseNginxPages(status: Int, reason: String) async throws {
        let response = try await fetch(mode: .serverError(status: status))
        #expect(response.statusLine == "HTTP/1.1 \(status) \(reason)")
        #expect(response.text.contains("<center><h1>\(status) \(reason)</h1></center>"))
    }

    @Test func htmlBlockPageWhereJSONWasExpected() async throws {
        let response = try await fetch(mode: .html)
        #expect(response.statusCode == 200)
        #expect(response.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(response.text.contains("blocked"))
    }

    @Test func redirectLoopAlternatesBetweenTwoPaths() async throws {
        try await SimulatorHarness.with(SimulatorHarness.configuration(mode: .redirectLoop)) { simulator in
            let first = try await HTTPTestClient.fetch(port: simulator.port, target: loginTarget)
            #expect(first.statusLine == "HTTP/1.1 302 Moved Temporarily")
            let location = try #require(first.header("Location"))
            #expect(location == "/loop" + loginTarget)
            let second = try await HTTPTestClient.fetch(port: simulator.port, target: location)
            #expect(second.header("Location") == loginTarget)
        }
    }

    @Test func hugeBodyHasExactSizeAndIsJSON() async throws {
        let size = 300_000
        let response = try await fetch(mode: .hugeBody(bytes: size))
        #expect(response.statusCode == 200)
        #expect(response.header("Content-Length") == String(size))
        #expect(response.body.count == size)
        #expect(try SimulatorHarness.jsonObject(response.body)["padding"] is String)
    }

    @Test func dripSendsHeadersThenTrickles() async throws {
        try await SimulatorHarness.with(
            SimulatorHarness.configuration(mode: .drip(bytesPerTick: 4, tickMilliseconds: 50))
        ) { simulator in
            let error = await #expect(throws: RawHTTPError.self) {
                // Long enough for a loaded machine to deliver the headers; short enough that 4 bytes per 50 ms
                // stay far below the whole answer (at most 240 body bytes in 3 s).
                _ = try await HTTPTestClient.exchange(port: simulator.port, target: loginTarget, timeoutMilliseconds: 3_000)
            }
            guard case .timedOut(let received) = error else {
                Issue.record("expected a timeout, got \(String(describing: error))")
                return
            }
            let text = String(decoding: received, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 200 OK"))
            #expect(text.contains("Content-Type: application/json"))
            let body = text.components(separatedBy: "\r\n\r\n").last ?? ""
            #expect(body.count >= 4 && body.count < 400)
        }
    }

    @Test func slowWaitsBeforeAnswering() async throws {
        let start = ContinuousClock.now
        let response = try await fetch(mode: .slow(milliseconds: 300))
        #expect(response.statusCode == 200)
        #expect(ContinuousClock.now - start >= .milliseconds(280))
    }

    @Test func resetAfterRequestGivesECONNRESET() async throws {
        try await SimulatorHarness.with(SimulatorHarness.configuration(mode: .resetAfterRequest)) { simulator in
            let error = await #expect(throws: RawHTTPError.self) {
                _ = try await HTTPTestClient.exchange(port: simulator.port, target: loginTarget)
            }
            guard case .reset(let received) = error else {
                Issue.record("expected a reset, got \(String(describing: error))")
                return
            }
            #expect(received.isEmpty)
        }
    }

    @Test func closeWithoutResponseGivesEmptyReply() async throws {
        try await SimulatorHarness.with(SimulatorHarness.configuration(mode: .closeWithoutResponse)) { simulator in
            let bytes = try await HTTPTestClient.exchange(port: simulator.port, target: loginTarget)
            #expect(bytes.isEmpty)
            #expect(simulator.stats.totalRequests == 1)
        }
    }

    @Test func neverRespondTimesOut() async throws {
        try await SimulatorHarness.with(SimulatorHarness.configuration(mode: .neverRespond)) { simulator in
            let start = ContinuousClock.now
            let error = await #expect(throws: RawHTTPError.self) {
                _ = try await HTTPTestClient.exchange(port: simulator.port, target: loginTarget, timeoutMilliseconds: 1_000)
            }
            guard case .timedOut(let received) = error else {
                Issue.record("expected a timeout, got \(String(describing: error))")
                return
            }
            #expect(received.isEmpty)
            #expect(ContinuousClock.now - start >= .milliseconds(900))
        }
    }
}
