@testable import AgentCore
import Curl
import Testing
import XCheckProtocol
import XCheckTestSupport

/// The coordinator client over libcurl against a stub coordinator on loopback.
@Suite("Coordinator client")
struct CoordinatorClientTests {
    static let token = AgentToken("xca_Test-Token-Not-For-Logs")

    static func withClient<T>(
        _ baseURL: String, change: (inout CoordinatorClient.Configuration) -> Void = { _ in },
        _ body: (CoordinatorClient) async throws -> T
    ) async throws -> T {
        let driver = try CurlDriver.start()
        var configuration = CoordinatorClient.Configuration(baseURL: baseURL + "/", token: Self.token)
        configuration.requestTimeout = .seconds(5)
        change(&configuration)
        let client = CoordinatorClient(driver: driver, configuration: configuration)
        do {
            let value = try await body(client)
            await driver.shutdown()
            return value
        } catch {
            await driver.shutdown()
            throw error
        }
    }

    static func error(_ body: () async throws -> Void) async -> CoordinatorError? {
        do {
            try await body()
            return nil
        } catch let error as CoordinatorError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test("heartbeat, poll and results round trips, with the bearer token")
    func roundTrips() async throws {
        let stub = try StubCoordinator(maxHold: 0.2)
        defer { stub.stop() }
        stub.enqueue([Fixtures.job("j1", url: "http://panel.example"), Fixtures.job("j2", url: "http://panel.example")])
        try await Self.withClient(stub.baseURL) { client in
            let answer = try await client.heartbeat(AgentHeartbeat(version: "0.1.0", inFlight: 2, maxConcurrency: 8, spoolDepth: 3, spoolDropped: 1))
            #expect(answer.name == "test-1")
            #expect(answer.observedAddress == "127.0.0.1")

            let first = try await client.poll(AgentPollRequest(maxJobs: 1, waitSeconds: 1))
            #expect(first.jobs.map(\.jobID) == ["j1"])
            #expect(first.jobs.first?.password == "secret")
            let second = try await client.poll(AgentPollRequest(maxJobs: 5, waitSeconds: 1))
            #expect(second.jobs.map(\.jobID) == ["j2"])
            let empty = try await client.poll(AgentPollRequest(maxJobs: 5, waitSeconds: 1))
            #expect(empty.jobs.isEmpty)

            let results = [Fixtures.result(1), Fixtures.result(2)]
            let ack = try await client.sendResults(AgentResultBatch(results: results))
            #expect(ack.accepted == results.map(\.resultID))
            #expect(ack.duplicates.isEmpty)
            let again = try await client.sendResults(AgentResultBatch(results: results))
            #expect(again.accepted.isEmpty)
            #expect(again.duplicates == results.map(\.resultID))
        }
        let state = stub.snapshot
        #expect(state.heartbeats.first?.spoolDepth == 3)
        #expect(state.authorizations == ["Bearer \(Self.token.value)"])
        #expect(stub.storedResults.count == 2)
    }

    @Test("401 and 403 are fatal and say so without the token")
    func refusedToken() async throws {
        let stub = try StubCoordinator()
        defer { stub.stop() }
        for status in [401, 403] {
            stub.setMode(.status(status))
            let error = try await Self.withClient(stub.baseURL) { client in
                await Self.error { _ = try await client.poll(AgentPollRequest(maxJobs: 1, waitSeconds: 0)) }
            }
            let refused = try #require(error)
            #expect(refused.code == (status == 401 ? .unauthorized : .forbidden))
            #expect(refused.isFatal && !refused.isRetryable)
            #expect(refused.status == status)
            #expect(!refused.description.contains(Self.token.value))
        }
    }

    @Test("5xx, a dropped connection and a closed port are retryable")
    func retryable() async throws {
        let stub = try StubCoordinator()
        defer { stub.stop() }
        stub.setMode(.status(503))
        let unavailable = try await Self.withClient(stub.baseURL) { client in
            await Self.error { _ = try await client.sendResults(AgentResultBatch(results: [Fixtures.result(1)])) }
        }
        #expect(unavailable?.code == .server)
        #expect(unavailable?.status == 503)
        #expect(unavailable?.message.contains("database_unavailable") == true)
        #expect(unavailable?.isRetryable == true)

        stub.setMode(.closeConnections)
        let dropped = try await Self.withClient(stub.baseURL) { client in
            await Self.error { _ = try await client.heartbeat(AgentHeartbeat(version: "x", inFlight: 0, maxConcurrency: 1, spoolDepth: 0, spoolDropped: 0)) }
        }
        #expect(dropped?.code == .unavailable)

        let closed = LoopbackSockets.closedPort()
        let refused = try await Self.withClient("http://127.0.0.1:\(closed)") { client in
            await Self.error { _ = try await client.poll(AgentPollRequest(maxJobs: 1, waitSeconds: 0)) }
        }
        #expect(refused?.code == .unavailable)
        #expect(refused?.isRetryable == true)
    }

    @Test("a wrong path and an oversized answer are invalid responses")
    func invalidResponses() async throws {
        let stub = try StubCoordinator()
        defer { stub.stop() }
        let wrongPath = try await Self.withClient(stub.baseURL + "/not-the-api") { client in
            await Self.error { _ = try await client.poll(AgentPollRequest(maxJobs: 1, waitSeconds: 0)) }
        }
        #expect(wrongPath?.code == .invalidResponse)
        #expect(wrongPath?.status == 404)

        let oversized = try await Self.withClient(stub.baseURL, change: { $0.maxResponseBytes = 16 }) { client in
            await Self.error { _ = try await client.heartbeat(AgentHeartbeat(version: "x", inFlight: 0, maxConcurrency: 1, spoolDepth: 0, spoolDropped: 0)) }
        }
        #expect(oversized?.code == .invalidResponse)
    }

    struct StatusCase: Sendable {
        var status: Int
        var body: String
        var code: CoordinatorError.Code
    }

    static let statusCases: [StatusCase] = [
        StatusCase(status: 200, body: "<html>captive portal</html>", code: .invalidResponse),
        StatusCase(status: 400, body: #"{"error":{"code":"invalid_json","message":"bad"}}"#, code: .badRequest),
        StatusCase(status: 413, body: #"{"error":{"code":"body_too_large","message":"over 1 MiB"}}"#, code: .payloadTooLarge),
        StatusCase(status: 429, body: "", code: .server),
        StatusCase(status: 502, body: "<html>bad gateway</html>", code: .server),
        StatusCase(status: 301, body: "", code: .invalidResponse),
    ]

    @Test("HTTP statuses map to typed errors", arguments: Self.statusCases)
    func statuses(_ c: StatusCase) {
        var report = TransferReport(code: .ok)
        report.httpStatus = c.status
        report.body = Array(c.body.utf8)
        do {
            let _: AgentResultAck = try CoordinatorClient.interpret(report, endpoint: "/v1/agent/results")
            Issue.record("no error for \(c.status)")
        } catch {
            #expect(error.code == c.code)
            #expect(error.status == c.status)
        }
    }
}

/// Back-off, ids, and the small synchronisation types.
@Suite("Agent primitives")
struct PrimitiveTests {
    @Test("back-off doubles up to the cap, with jitter in the upper half")
    func backoff() {
        let policy = RetryPolicy(base: .seconds(1), maximum: .seconds(60))
        #expect(policy.ceiling(attempt: 1) == .seconds(1))
        #expect(policy.ceiling(attempt: 2) == .seconds(2))
        #expect(policy.ceiling(attempt: 6) == .seconds(32))
        #expect(policy.ceiling(attempt: 7) == .seconds(60))
        #expect(policy.ceiling(attempt: 1000) == .seconds(60))
        var seen: Set<Duration> = []
        for attempt in 1...12 {
            for _ in 0..<50 {
                let delay = policy.delay(attempt: attempt)
                let ceiling = policy.ceiling(attempt: attempt)
                #expect(delay <= ceiling && delay >= ceiling / 2)
                seen.insert(delay)
            }
        }
        #expect(seen.count > 100, "jitter spreads the delays")
    }

    @Test("result ids are random UUID v4s")
    func resultIDs() {
        let ids = (0..<2000).map { _ in ResultID.random() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(100) {
            let characters = Array(id)
            #expect(characters.count == 36)
            #expect(characters[8] == "-" && characters[13] == "-" && characters[18] == "-" && characters[23] == "-")
            #expect(characters[14] == "4")
            #expect("89ab".contains(characters[19]))
            #expect(id.allSatisfy { "0123456789abcdef-".contains($0) })
        }
    }

    @Test("a doorbell rung before the wait is not lost; one waiter is woken")
    func doorbell() async throws {
        let bell = Doorbell()
        bell.ring()
        bell.ring()
        try await bell.wait()
        #expect(try await bell.wait(timeout: .milliseconds(50)) == false)
        async let woken = bell.wait(timeout: .seconds(10))
        try await Task.sleep(for: .milliseconds(50))
        bell.ring()
        #expect(try await woken == true)
    }

    @Test("the in-flight tracker counts slots and wakes waiters")
    func tracker() async throws {
        let tracker = InFlightTracker(capacity: 2)
        tracker.begin()
        tracker.begin()
        #expect(tracker.free == 0)
        #expect(await tracker.waitUntilIdle(timeout: .milliseconds(50)) == false)
        async let slot: Void = tracker.waitForFreeSlot()
        tracker.end()
        try await slot
        #expect(tracker.free == 1)
        tracker.end()
        #expect(await tracker.waitUntilIdle(timeout: .seconds(1)))
    }
}
