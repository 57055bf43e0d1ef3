@testable import AgentCore
import Foundation
import PanelSimulator
import Synchronization
import XCheckModel
import XCheckProtocol
import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One test's world: a directory, a database of its own, the coordinator executable serving it, an admin
/// API token, and whatever panels and agents the test starts. ``run(_:_:)`` tears it all down, whatever
/// happens: agents and the coordinator are stopped (only the PIDs started here), the database is dropped.
final class World: @unchecked Sendable {
    // Mutated only from the test body, one step at a time.
    let directory: String
    let database: ScratchDatabase
    private(set) var coordinator: CoordinatorServer
    let api: CoordinatorAPI
    private var children: [ChildProcess] = []
    private var panels: [PanelSimulator] = []
    private var inProcess: [InProcessAgent] = []
    private var coordinatorCount = 1

    private init(directory: String, database: ScratchDatabase, coordinator: CoordinatorServer, api: CoordinatorAPI) {
        self.directory = directory
        self.database = database
        self.coordinator = coordinator
        self.api = api
    }

    /// Sets up a world, runs `body` in it, and tears it down.
    static func run(_ label: String, _ body: (World) async throws -> Void) async throws {
        var template = Array("/tmp/xcheck-agent-e2e.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw E2E.Failure("mkdtemp failed") }
        let directory = String(cString: made)
        let database = try await ScratchDatabase.create()
        var coordinator: CoordinatorServer?
        var api: CoordinatorAPI?
        do {
            coordinator = try await CoordinatorServer.serve(databaseURL: database.url, directory: directory, label: "coordinator-1")
            let tokenOutput = try await CoordinatorServer.admin(
                ["tokens", "add", "--name", "e2e-admin", "--scope", "admin"], databaseURL: database.url, directory: directory)
            api = try CoordinatorAPI(baseURL: coordinator!.baseURL, token: CoordinatorServer.lastLine(tokenOutput))
        } catch {
            await coordinator?.child.stop()
            await api?.shutdown()
            await database.drop()
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        let world = World(directory: directory, database: database, coordinator: coordinator!, api: api!)
        var failure: (any Error)?
        do {
            try await body(world)
        } catch {
            failure = error
        }
        await world.tearDown(keepFiles: failure != nil)
        if let failure { throw failure }
    }

    private func tearDown(keepFiles: Bool) async {
        for agent in self.inProcess { try? await agent.stop() }
        for child in self.children where child.isRunning { await child.stop(limit: .seconds(30)) }
        await self.api.shutdown()  // first: its keep-alive connection would hold up the coordinator's shutdown
        // SIGTERM, SIGKILL after 3 s: a coordinator holding a long poll takes up to 25 s to stop gracefully (its
        // HTTP server drains before the notification hub wakes the held polls); the tests need not wait for it.
        await self.coordinator.child.stop(limit: .seconds(3))
        await Panels.stop(self.panels)
        await self.database.drop()
        if keepFiles || TestEnvironment.variable("XCHECK_E2E_KEEP") == "1" {
            print("AgentEndToEndTests: files kept in \(self.directory)")
        } else {
            try? FileManager.default.removeItem(atPath: self.directory)
        }
    }

    // MARK: - Coordinator

    /// Stops the coordinator: SIGKILL, or SIGTERM (graceful) when `graceful`.
    func stopCoordinator(graceful: Bool) async throws {
        if graceful {
            guard await self.coordinator.child.stop(limit: .seconds(40)) else {
                throw E2E.Failure("the coordinator did not stop on SIGTERM within 40 s:\n\(self.coordinator.child.output)")
            }
        } else {
            try await self.coordinator.child.killHard()
        }
    }

    /// Starts the coordinator again on the same database and port.
    func restartCoordinator() async throws {
        precondition(!self.coordinator.child.isRunning, "stop the coordinator first")
        self.coordinatorCount += 1
        let port = self.coordinator.port
        // The port was just released; a restart may race the kernel, so try for a while.
        var lastError: (any Error)?
        for _ in 0..<10 {
            do {
                self.coordinator = try await CoordinatorServer.serve(
                    databaseURL: self.database.url, directory: self.directory, label: "coordinator-\(self.coordinatorCount)", port: port)
                return
            } catch {
                lastError = error
                try await Task.sleep(for: .milliseconds(500))
            }
        }
        throw lastError!
    }

    /// Enrols an agent; returns its token.
    func enrol(_ name: String, region: String = "eu-central") async throws -> String {
        let output = try await CoordinatorServer.admin(
            ["agents", "add", "--name", name, "--region", region, "--network", "lab"], databaseURL: self.database.url,
            directory: self.directory)
        return CoordinatorServer.lastLine(output)
    }

    /// Revokes an agent's token.
    func revoke(_ name: String) async throws {
        _ = try await CoordinatorServer.admin(["agents", "revoke", "--name", name], databaseURL: self.database.url, directory: self.directory)
    }

    /// Waits until `GET /v1/agents` lists the agent online (it gets jobs from then on).
    func waitOnline(_ name: String, within limit: Duration = .seconds(60)) async throws {
        try await eventually("agent \(name) online at the coordinator", within: limit) {
            await self.api.agent(name)?.online == true
        }
    }

    /// Creates one ad-hoc check (one job for each live agent) per URL and username, answering at once.
    /// Hosts vary fastest, so consecutive jobs go to different hosts.
    func createChecks(_ panels: [PanelSimulator], usernames: ArraySlice<String>) async throws {
        for username in usernames {
            for panel in panels {
                try await self.api.createCheck(url: panel.baseURL, username: username, password: E2E.password)
            }
        }
    }

    // MARK: - Panels and agents

    /// Starts panels that are stopped with the world.
    func panels(_ count: Int, group: Int, mode: SimulatorConfiguration.Mode = .normal) async throws -> [PanelSimulator] {
        let started = try await Panels.start(count, group: group, mode: mode)
        self.panels += started
        return started
    }

    /// Starts one panel with its own configuration (stopped with the world).
    func panel(_ configuration: SimulatorConfiguration) async throws -> PanelSimulator {
        let panel = try await PanelSimulator.start(configuration)
        self.panels.append(panel)
        return panel
    }

    /// A spool directory under the world's directory.
    func spoolDirectory(_ name: String) -> String { "\(self.directory)/\(name)" }

    /// Starts the `xcheck-agent` binary against the coordinator (the token in the environment, as operators
    /// are told to pass it).
    func startAgentBinary(
        token: String, spool: String, arguments: [String], label: String
    ) throws -> ChildProcess {
        let child = try ChildProcess.launch(
            E2E.agentBinary, ["--spool-dir", spool, "--log-level", "info"] + arguments,
            environment: ChildProcess.minimalEnvironment(adding: ["XCHECK_COORDINATOR": self.coordinator.baseURL, "XCHECK_AGENT_TOKEN": token]),
            directory: self.directory, label: label)
        self.children.append(child)
        return child
    }

    /// Settings for an in-process agent: short intervals, private targets allowed, no per-host spacing.
    func inProcessConfiguration(token: String, spool: String) -> AgentConfiguration {
        var configuration = AgentConfiguration(coordinatorURL: self.coordinator.baseURL, token: AgentToken(token))
        configuration.spoolDirectory = spool
        configuration.allowPrivateTargets = true
        configuration.maxConcurrency = 64
        configuration.heartbeatInterval = .milliseconds(500)
        configuration.pollWaitSeconds = 1
        configuration.retry = RetryPolicy(base: .milliseconds(100), maximum: .seconds(1))
        configuration.shutdownDeadline = .seconds(15)
        configuration.flushTimeout = .seconds(3)
        configuration.requestTimeout = .seconds(5)
        configuration.probe.connectTimeout = .seconds(5)
        configuration.probe.requestTimeout = .seconds(20)
        configuration.probe.politeness = .unthrottled
        return configuration
    }

    /// Starts an in-process ``Agent`` (stopped with the world if the test does not stop it).
    func startInProcess(_ configuration: AgentConfiguration) -> InProcessAgent {
        let agent = InProcessAgent.start(configuration)
        self.inProcess.append(agent)
        return agent
    }
}

/// An ``Agent`` running in the test process, with its log captured.
struct InProcessAgent: Sendable {
    let agent: Agent
    let task: Task<Void, any Error>
    let log: LogCapture

    static func start(_ configuration: AgentConfiguration) -> InProcessAgent {
        let log = LogCapture()
        let agent = Agent(configuration: configuration, logger: log.logger(level: .info, label: "e2e-agent"))
        let task = Task { try await agent.run(handleSignals: false) }
        return InProcessAgent(agent: agent, task: task, log: log)
    }

    var metrics: AgentMetrics.Snapshot { self.agent.metrics.snapshot }

    /// Checks finished (first attempts; confirmations are counted separately).
    var checksFinished: Int {
        let snapshot = self.metrics
        return snapshot.checksByOutcome.values.reduce(0, +) - snapshot.confirmations
    }

    /// Graceful shutdown; waits for `run` to return (bounded).
    func stop(limit: Duration = .seconds(60)) async throws {
        await self.agent.shutdown()
        let task = self.task
        let done = Flag()
        Task {
            _ = try? await task.value
            done.set()
        }
        try await eventually("the in-process agent stopping", within: limit, interval: .milliseconds(20)) {
            done.isSet
        }
        try await task.value
    }
}

