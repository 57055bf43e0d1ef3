@testable import AgentCore
import Curl
import FoundationEssentials
import PanelSimulator
import Testing
import XCheckModel
import XCheckProbe
import XCheckProtocol
import XCheckTestSupport

/// The whole agent in-process, against the stub coordinator and the panel simulator on loopback.
@Suite("Agent", .serialized)
struct AgentTests {
    static let password = "pw-Never-Leak-77"
    static let token = "xca_Agent-Token-Never-Logged"

    static func configuration(_ stub: StubCoordinator, _ directory: TestDirectory) -> AgentConfiguration {
        var configuration = AgentConfiguration(coordinatorURL: stub.baseURL, token: AgentToken(Self.token))
        configuration.spoolDirectory = directory.path
        configuration.allowPrivateTargets = true  // the panels are on 127.0.0.1
        configuration.maxConcurrency = 4
        configuration.heartbeatInterval = .milliseconds(500)
        configuration.pollWaitSeconds = 1
        configuration.retry = RetryPolicy(base: .milliseconds(50), maximum: .milliseconds(300))
        configuration.shutdownDeadline = .seconds(10)
        configuration.flushTimeout = .seconds(3)
        configuration.requestTimeout = .seconds(5)
        configuration.probe.connectTimeout = .seconds(2)
        configuration.probe.requestTimeout = .seconds(10)
        configuration.probe.politeness = PolitenessPolicy(oneRequestPerHost: true, minimumInterval: .zero)
        return configuration
    }

    static var accounts: [SimulatorConfiguration.Account] {
        [SimulatorConfiguration.Account(username: "active", password: Self.password, expiresIn: 86_400 * 30, maxConnections: 2)]
    }

    /// A started agent and the task running it.
    struct Running {
        var agent: Agent
        var task: Task<Void, any Error>
        var log: LogCapture

        /// Triggers the graceful shutdown and waits for `run` to return.
        func stop() async throws {
            await self.agent.shutdown()
            try await self.task.value
        }
    }

    static func start(_ configuration: AgentConfiguration) -> Running {
        let log = LogCapture()
        let agent = Agent(configuration: configuration, logger: log.logger(level: .debug))
        let task = Task { try await agent.run(handleSignals: false) }
        return Running(agent: agent, task: task, log: log)
    }

    /// Polls `condition` every 25 ms (Task.sleep: no thread is blocked) for up to `seconds`.
    static func eventually(_ seconds: Double = 20, _ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return await condition()
    }

    static func jobs(_ count: Int, url: String, prefix: String = "job") -> [AgentJob] {
        (0..<count).map { Fixtures.job("\(prefix)-\($0)", url: url, password: Self.password) }
    }

    @Test("jobs are run, spooled, sent, acknowledged and removed from the spool")
    func happyPath() async throws {
        let stub = try StubCoordinator()
        defer { stub.stop() }
        let directory = TestDirectory()
        defer { directory.remove() }
        let panel = try await PanelSimulator.start(SimulatorConfiguration(accounts: Self.accounts))
        stub.enqueue(Self.jobs(3, url: panel.baseURL))

        let running = Self.start(Self.configuration(stub, directory))
        #expect(await Self.eventually { stub.snapshot.stored.count == 3 })
        #expect(await Self.eventually { running.agent.metrics.snapshot.spool.depth == 0 })
        #expect(await Self.eventually { stub.snapshot.heartbeats.count >= 2 })
        try await running.stop()
        try await panel.shutdown()

        let stored = stub.storedResults
        #expect(Set(stored.map(\.jobID)) == ["job-0", "job-1", "job-2"])
        #expect(stored.allSatisfy { $0.result.outcome == .ok && $0.confirmation == nil })
        #expect(stub.snapshot.duplicates == 0)
        let heartbeat = try #require(stub.snapshot.heartbeats.first)
        #expect(heartbeat.version == AgentVersion.current)
        #expect(heartbeat.maxConcurrency == 4)
        #expect(stub.snapshot.authorizations == ["Bearer \(Self.token)"])
        #expect(panel.stats.loginRequests == 3)
        #expect(panel.stats.streamRequests == 0)

        let metrics = running.agent.metrics.snapshot
        #expect(metrics.checksByOutcome["ok"] == 3)
        #expect(metrics.resultsAcknowledged == 3)
        #expect(metrics.jobsReceived == 3)

        // Neither the token nor the password appears in the logs or the stored results.
        let json = String(decoding: try JSONEncoder().encode(AgentResultBatch(results: stored)), as: UTF8.self)
        #expect(!json.contains(Self.password))
        #expect(!running.log.text.contains(Self.password))
        #expect(!running.log.text.contains(Self.token))
        #expect(running.log.matching("check finished").count == 3)

        let spool = try await SpoolTests.open(directory)
        #expect(await spool.depth == 0)
        await spool.close()
    }

    @Test("while the coordinator refuses results they stay spooled; when it is back they arrive exactly once")
    func coordinatorDownThenBack() async throws {
        let stub = try StubCoordinator()
        defer { stub.stop() }
        let directory = TestDirectory()
        defer { directory.remove() }
        let panel = try await PanelSimulator.start(SimulatorConfiguration(accounts: Self.accounts))
        stub.setResultsMode(.status(503))
        stub.enqueue(Self.jobs(4, url: panel.baseURL))

        let running = Self.start(Self.configuration(stub, directory))
        #expect(await Self.eventually { running.agent.metrics.snapshot.spool.depth == 4 })
        #expect(await Self.eventually { stub.snapshot.resultRequests >= 3 }, "it keeps retrying with back-off")
        #expect(stub.snapshot.stored.isEmpty)
        #expect(running.log.matching("coordinator call failed; retrying").count >= 1)

        stub.setResultsMode(nil)
        #expect(await Self.eventually { stub.snapshot.stored.count == 4 })
        #expect(await Self.eventually { running.agent.metrics.snapshot.spool.depth == 0 })
        try await running.stop()
        try await panel.shutdown()
        #expect(stub.snapshot.stored.count == 4)
        #expect(stub.snapshot.duplicates == 0)
        #expect(running.log.matching("coordinator reachable again").count >= 1)
    }

    @Test("results spooled before a stop are replayed by the next start, in order, exactly once")
    func replayAfterRestart() async throws {
        let stub = try StubCoordinator()
        defer { stub.stop() }
        let directory = TestDirectory()
        defer { directory.remove() }
        let panel = try await PanelSimulator.start(SimulatorConfiguration(accounts: Self.accounts))
        stub.setResultsMode(.closeConnections)
        stub.enqueue(Self.jobs(3, url: panel.baseURL))

        let first = Self.start(Self.configuration(stub, directory))
        #expect(await Self.eventually { first.agent.metrics.snapshot.spool.depth == 3 })
        try await first.stop()
        #expect(first.log.matching("results stay in the spool for the next start").count == 1)
        #expect(stub.snapshot.stored.isEmpty)

        stub.setResultsMode(nil)
        let second = Self.start(Self.configuration(stub, directory))
        #expect(await Self.eventually { stub.snapshot.stored.count == 3 })
        #expect(await Self.eventually { second.agent.metrics.snapshot.spool.depth == 0 })
        try await second.stop()
        try await panel.shutdown()
        #expect(stub.snapshot.duplicates == 0)
        #expect(Set(stub.storedResults.map(\.jobID)) == ["job-0", "job-1", "job-2"])
        #expect(second.log.matching("spool opened").first?.metadata["waiting"] == "3")
    }

    @Test("an acknowledgement lost on the way: the batch is sent again and counted once")
    func lostAcknowledgement() async throws {
        let stub = try StubCoordinator()
        defer { stub.stop() }
        let directory = TestDirectory()
        defer { directory.remove() }
        let panel = try await PanelSimulator.start(SimulatorConfiguration(accounts: Self.accounts))
        stub.setLoseResultAnswers(true)
        stub.enqueue(Self.jobs(2, url: panel.baseURL))

        let running = Self.start(Self.configuration(stub, directory))
        #expect(await Self.eventually { stub.snapshot.stored.count == 2 && stub.snapshot.resultRequests >= 2 })
        #expect(running.agent.metrics.snapshot.spool.depth == 2, "not acknowledged, so still spooled")
        stub.setLoseResultAnswers(false)
        #expect(await Self.eventually { running.agent.metrics.snapshot.spool.depth == 0 })
        try await running.stop()
        try await panel.shutdown()
        #expect(stub.snapshot.stored.count == 2)
        #expect(stub.snapshot.duplicates >= 2)
    }

    @Test("a refused token stops the agent with a fatal error")
    func refusedToken() async throws {
        let stub = try StubCoordinator()
        defer { stub.stop() }
        let directory = TestDirectory()
        defer { directory.remove() }
        stub.setMode(.status(401))
        let running = Self.start(Self.configuration(stub, directory))
        do {
            try await running.task.value
            Issue.record("the agent kept running")
        } catch let error as CoordinatorError {
            #expect(error.code == .unauthorized)
            #expect(error.description.contains("XCHECK_AGENT_TOKEN"))
        }
        #expect(!running.log.text.contains(Self.token))
    }

    @Test("graceful shutdown lets a check in flight finish, then sends its result")
    func shutdownFinishesInFlight() async throws {
        let stub = try StubCoordinator()
        defer { stub.stop() }
        let directory = TestDirectory()
        defer { directory.remove() }
        let panel = try await PanelSimulator.start(SimulatorConfiguration(mode: .slow(milliseconds: 1500), accounts: Self.accounts))
        stub.enqueue(Self.jobs(1, url: panel.baseURL))

        let running = Self.start(Self.configuration(stub, directory))
        #expect(await Self.eventually { running.agent.metrics.snapshot.inFlight == 1 })
        let started = ContinuousClock.now
        try await running.stop()
        #expect(ContinuousClock.now - started >= .milliseconds(500), "it waited for the check")
        try await panel.shutdown()
        #expect(stub.snapshot.stored.count == 1, "the last flush sent it")
        #expect(stub.storedResults.first?.result.outcome == .ok)
        #expect(running.log.matching("stopped taking jobs").count == 1)
    }

    @Test("checks still running at the shutdown deadline are cancelled; spooled results stay")
    func shutdownDeadlineCancels() async throws {
        let stub = try StubCoordinator()
        defer { stub.stop() }
        let directory = TestDirectory()
        defer { directory.remove() }
        let panel = try await PanelSimulator.start(SimulatorConfiguration(mode: .neverRespond, accounts: Self.accounts))
        stub.enqueue(Self.jobs(2, url: panel.baseURL))
        var configuration = Self.configuration(stub, directory)
        configuration.shutdownDeadline = .milliseconds(300)
        configuration.probe.requestTimeout = .seconds(60)

        let running = Self.start(configuration)
        #expect(await Self.eventually { running.agent.metrics.snapshot.inFlight == 2 })
        try await running.stop()  // the panel never answers and the request timeout is 60 s: only the deadline ends these
        try await panel.shutdown()
        #expect(running.agent.metrics.snapshot.jobsSkipped["cancelled"] == 2)
        #expect(running.log.matching("shutdown deadline reached").count == 1)
        #expect(stub.snapshot.stored.isEmpty)
    }

    @Test("the SSRF guard is on unless lifted: a loopback panel job ends as target_forbidden")
    func guardOnByDefault() async throws {
        let stub = try StubCoordinator()
        defer { stub.stop() }
        let directory = TestDirectory()
        defer { directory.remove() }
        let panel = try await PanelSimulator.start(SimulatorConfiguration(accounts: Self.accounts))
        stub.enqueue(Self.jobs(1, url: panel.baseURL))
        var configuration = Self.configuration(stub, directory)
        configuration.allowPrivateTargets = false

        let running = Self.start(configuration)
        #expect(await Self.eventually { stub.snapshot.stored.count == 1 })
        try await running.stop()
        try await panel.shutdown()
        #expect(stub.storedResults.first?.result.outcome == .targetForbidden)
        #expect(panel.stats.totalRequests == 0)
        #expect(running.agent.metrics.snapshot.targetsRefused >= 1)
    }

    @Test("the metrics listener serves the Prometheus text on loopback")
    func metricsEndpoint() async throws {
        let stub = try StubCoordinator()
        defer { stub.stop() }
        let directory = TestDirectory()
        defer { directory.remove() }
        let panel = try await PanelSimulator.start(SimulatorConfiguration(accounts: Self.accounts))
        stub.enqueue(Self.jobs(1, url: panel.baseURL))
        var configuration = Self.configuration(stub, directory)
        configuration.metricsListen = ListenAddress(host: "127.0.0.1", port: 0)

        let running = Self.start(configuration)
        #expect(await Self.eventually { stub.snapshot.stored.count == 1 })
        #expect(await Self.eventually { running.agent.boundMetricsAddress != nil })
        let address = try #require(running.agent.boundMetricsAddress)
        let driver = try CurlDriver.start()
        let report = try await driver.perform(TransferRequest(url: "http://\(address)/metrics"))
        let missing = try await driver.perform(TransferRequest(url: "http://\(address)/other"))
        await driver.shutdown()
        try await running.stop()
        try await panel.shutdown()

        #expect(report.httpStatus == 200)
        #expect(report.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = String(decoding: report.body, as: UTF8.self)
        #expect(text.contains("xcheck_agent_checks_total{outcome=\"ok\"} 1"))
        #expect(text.contains("# TYPE xcheck_agent_spool_depth gauge"))
        #expect(text.contains("xcheck_agent_spool_dropped_total 0"))
        #expect(text.contains("xcheck_agent_checks_in_flight 0"))
        #expect(text.contains("xcheck_agent_info{version=\"\(AgentVersion.current)\"} 1"))
        #expect(missing.httpStatus == 404)
    }
}
