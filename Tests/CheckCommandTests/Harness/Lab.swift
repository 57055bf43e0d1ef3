import Foundation
import Synchronization
import Testing
import XCheckTestSupport

/// The suite's world, shared by every test (the suite is serialized): its own database, the real
/// `xcheck-coordinator serve` on 127.0.0.1, three agents enrolled in distinct regions and networks running as
/// real `xcheck-agent` processes (`--allow-private-targets`, their own spool folders), and API tokens. Panels
/// are started by each test (unique ports, so the coordinator never coalesces one test's check with another's).
/// ``tearDown()`` stops every process by its PID and drops the database.
final class Lab: Sendable {
    @TaskLocal static var current: Lab?

    /// One enrolled agent.
    struct Agent: Sendable {
        var name: String
        var region: String
        var network: String
        var process: ChildProcess
    }

    /// name, region, network of the three agents.
    static let agentSpecs: [(String, String, String)] = [
        ("fra-1", "eu-central", "hetzner"),
        ("ams-1", "eu-west", "ovh"),
        ("nyc-1", "us-east", "digitalocean"),
    ]

    let database: LabDatabase
    let directory: ScratchDirectory
    let coordinator: ChildProcess
    /// `http://127.0.0.1:PORT`.
    let coordinatorURL: String
    let agents: [Agent]
    /// Tokens with scope admin, check and read.
    let adminToken: String
    let checkToken: String
    let readToken: String
    /// An empty HOME for the CLI runs.
    let home: String
    private let runs = Mutex<[CLIResult]>([])

    private init(
        database: LabDatabase, directory: ScratchDirectory, coordinator: ChildProcess, coordinatorURL: String,
        agents: [Agent], adminToken: String, checkToken: String, readToken: String, home: String
    ) {
        self.database = database
        self.directory = directory
        self.coordinator = coordinator
        self.coordinatorURL = coordinatorURL
        self.agents = agents
        self.adminToken = adminToken
        self.checkToken = checkToken
        self.readToken = readToken
        self.home = home
    }

    static var coordinatorExecutable: String { "\(TestEnvironment.binDirectory)/xcheck-coordinator" }
    static var agentExecutable: String { "\(TestEnvironment.binDirectory)/xcheck-agent" }

    /// The environment that points the CLI at this coordinator with the admin token.
    var connected: [String: String] { ["XCHECK_COORDINATOR": self.coordinatorURL, "XCHECK_TOKEN": self.adminToken] }

    /// Runs `xcheck arguments...` (see ``CLI/run``) and keeps the result for ``allRuns``.
    func xcheck(
        _ arguments: [String], environment: [String: String] = [:], removing: Set<String> = [], stderrIsTerminal: Bool = false,
        timeout: Double = 90, stdin: String? = nil
    ) async throws -> CLIResult {
        let result = try await CLI.run(
            arguments, environment: environment, removing: removing, home: self.home, stderrIsTerminal: stderrIsTerminal,
            timeout: timeout, stdin: stdin)
        self.runs.withLock { $0.append(result) }
        return result
    }

    /// Every CLI run of the suite so far.
    var allRuns: [CLIResult] { self.runs.withLock { $0 } }

    // MARK: - Start and stop

    static func start() async throws -> Lab {
        let database = try await LabDatabase.create()
        let directory: ScratchDirectory
        do {
            directory = try ScratchDirectory()
        } catch {
            await database.drop()
            throw error
        }
        var started: [ChildProcess] = []
        do {
            let home = try directory.folder("home")
            let dataDir = try directory.folder("coordinator-data")
            let keyFile = "\(directory.path)/credential.key"
            let databaseArguments = ["--database-url", database.url, "--key-file", keyFile, "--data-dir", dataDir]
            let environment = ChildProcess.cleanEnvironment()

            let coordinator = try ChildProcess.launch(
                Self.coordinatorExecutable, ["serve", "--listen", "127.0.0.1:0", "--log-level", "info"] + databaseArguments,
                environment: environment, directory: directory.path, label: "coordinator")
            started.append(coordinator)
            let url = try await Self.listeningURL(coordinator)

            func admin(_ arguments: [String], label: String) async throws -> String {
                let child = try await ChildProcess.run(
                    Self.coordinatorExecutable, arguments + databaseArguments, environment: environment,
                    directory: directory.path, label: label)
                guard child.exitStatus == 0, let last = child.stdout.split(separator: "\n").last else {
                    throw ChildProcess.Failure(description: "xcheck-coordinator \(arguments.prefix(2)) failed (\(child.termination))\n\(child.output)")
                }
                return String(last).trimmingCharacters(in: .whitespaces)
            }

            var agents: [Agent] = []
            for (name, region, network) in Self.agentSpecs {
                let token = try await admin(["agents", "add", "--name", name, "--region", region, "--network", network], label: "enrol-\(name)")
                let spool = try directory.folder("spool-\(name)")
                let process = try ChildProcess.launch(
                    Self.agentExecutable,
                    ["--coordinator", url, "--spool-dir", spool, "--allow-private-targets", "--log-level", "info", "--shutdown-deadline", "2s"],
                    environment: ChildProcess.cleanEnvironment(["XCHECK_AGENT_TOKEN": token]),
                    directory: directory.path, label: "agent-\(name)")
                started.append(process)
                agents.append(Agent(name: name, region: region, network: network, process: process))
            }
            let adminToken = try await admin(["tokens", "add", "--name", "cli-admin", "--scope", "admin"], label: "token-admin")
            let checkToken = try await admin(["tokens", "add", "--name", "cli-check", "--scope", "check"], label: "token-check")
            let readToken = try await admin(["tokens", "add", "--name", "cli-read", "--scope", "read"], label: "token-read")

            let lab = Lab(
                database: database, directory: directory, coordinator: coordinator, coordinatorURL: url, agents: agents,
                adminToken: adminToken, checkToken: checkToken, readToken: readToken, home: home)
            try await lab.waitForAgentsOnline()
            return lab
        } catch {
            for child in started.reversed() { await child.stop(limit: .seconds(10)) }
            let outputs = started.map(\.output).joined(separator: "\n")
            await database.drop()
            directory.remove()
            throw ChildProcess.Failure(description: "the lab did not start: \(error)\n\(outputs)")
        }
    }

    /// Waits for the coordinator's `listening http://127.0.0.1:PORT` line.
    private static func listeningURL(_ coordinator: ChildProcess) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline {
            for line in coordinator.stdout.split(separator: "\n") where line.hasPrefix("listening http://127.0.0.1:") {
                return String(line.dropFirst("listening ".count))
            }
            guard coordinator.isRunning else {
                throw ChildProcess.Failure(description: "the coordinator exited (\(coordinator.termination)) before listening")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ChildProcess.Failure(description: "the coordinator printed no listening line within 90 s")
    }

    /// Waits until the coordinator has seen all three agents recently (they get jobs only then).
    func waitForAgentsOnline() async throws {
        try await eventually("3 agents online", within: .seconds(60)) {
            for agent in self.agents where !agent.process.isRunning {
                throw ChildProcess.Failure(description: "agent \(agent.name) exited (\(agent.process.termination))")
            }
            let count = try await self.database.scalar(
                "SELECT count(*) FROM agents WHERE revoked_at IS NULL AND last_seen_at > now() - interval '60 seconds'")
            return count == "3"
        }
    }

    /// Agents first (no result may still be arriving), then the coordinator, then the database and files.
    func tearDown() async {
        for agent in self.agents.reversed() { await agent.process.stop(limit: .seconds(15)) }
        // Graceful, so up to ~25 s: the coordinator's HTTP server drains the agents' long polls first.
        await self.coordinator.stop(limit: .seconds(40))
        await self.database.drop()
        self.directory.remove()
    }

    /// Every log the lab's processes wrote (for "the password appears nowhere" checks).
    var processLogs: String {
        ([self.coordinator] + self.agents.map(\.process)).map { $0.stdout + "\n" + $0.stderr }.joined(separator: "\n")
    }

    /// Logs of every process, for failure messages.
    var diagnostics: String {
        ([self.coordinator] + self.agents.map(\.process)).map(\.output).joined(separator: "\n")
    }
}

/// Starts the lab once around the whole suite (`isRecursive` false) and hands it to the tests through
/// ``Lab/current``.
struct LabTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let lab = try await Lab.start()
        do {
            try await Lab.$current.withValue(lab) { try await function() }
        } catch {
            await lab.tearDown()
            throw error
        }
        await lab.tearDown()
    }
}

extension Trait where Self == LabTrait {
    /// The shared lab: coordinator, three agents, database.
    static var lab: LabTrait { LabTrait() }
}

/// Polls `condition` every `interval` until it holds; throws after `limit`.
func eventually(
    _ what: String, within limit: Duration = .seconds(30), interval: Duration = .milliseconds(200),
    _ condition: @Sendable () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while true {
        if try await condition() { return }
        guard ContinuousClock.now < deadline else { throw ChildProcess.Failure(description: "timed out: \(what)") }
        try await Task.sleep(for: interval)
    }
}
