import ArgumentParser
import Curl
import FoundationEssentials
import Synchronization
import XCheckModel
import XCheckProtocol

extension XCheckCoordinatorBench {
    /// `fan-out`: simulated agents long-poll and answer every job at once with a canned result; a user posts
    /// ad-hoc checks one after another. The overhead of a check is its time to answer minus the slowest
    /// agent's own handling time (from receiving the job to its results POST returning).
    struct FanOut: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fan-out",
            abstract: "Time POST /v1/checks against long-polling agents that answer at once.")

        @OptionGroup var coordinator: CoordinatorOptions

        @Option(help: "The long-polling agents, one 'AGENT_ID TOKEN' per line (mode 0600).")
        var agentsFile: String

        @Option(help: "A file holding an API token with the check scope (mode 0600).")
        var tokenFile: String

        @Option(help: "The region of those agents (the checks are sent to it only).")
        var region: String = "fanout"

        @Option(help: "Checks measured.") var count: Int = 300
        @Option(help: "Checks before the measured ones, not counted.") var warmup: Int = 10
        @Option(help: "wait_seconds of each check.") var waitSeconds: Int = 10

        func validate() throws {
            guard (1...10_000).contains(self.count), (0...1000).contains(self.warmup) else {
                throw ValidationError("--count must be 1...10000 and --warmup 0...1000")
            }
        }

        /// The request body of `POST /v1/checks`.
        struct CheckBody: Encodable {
            var url: String
            var username: String
            var password: String
            var regions: [String]
            var waitSeconds: Int
            enum CodingKeys: String, CodingKey {
                case url, username, password, regions
                case waitSeconds = "wait_seconds"
            }
        }

        /// The parts of the answer the benchmark checks.
        struct CheckAnswer: Decodable {
            struct Vantage: Decodable {}
            struct Missing: Decodable {}
            var status: String
            var reused: Bool
            var vantages: [Vantage]
            var missing: [Missing]
        }

        func run() async throws {
            let agents = try AgentCredential.load(self.agentsFile)
            let token = try SecretFile.token(self.tokenFile)
            let driver = try CurlDriver.start()
            let http = BenchHTTP(driver: driver, base: self.coordinator.url)
            let handled = HandlingLog()
            let tag = BenchDocuments.hex(UInt64.random(in: 0...0xffff_ffff), 8)
            let maximumPolls = (self.count + self.warmup) * 4 + 100

            // Heartbeats first, so every agent is live (last seen) before the first check is created.
            for agent in agents {
                let body = try BenchHTTP.encode(AgentHeartbeat(version: "bench", inFlight: 0, maxConcurrency: 16, spoolDepth: 0, spoolDropped: 0))
                try BenchHTTP.expectOK(try await http.post("/v1/agent/heartbeat", token: agent.token, body: body), "heartbeat")
            }

            let measured: Result<[(total: Double, slowest: Double)], any Error> = await withTaskGroup(of: Void.self) { group in
                for agent in agents {
                    group.addTask { await Self.agentLoop(http: http, agent: agent, log: handled, maximumPolls: maximumPolls) }
                }
                defer { group.cancelAll() }
                do {
                    // Let every agent's first poll reach the coordinator.
                    try await Task.sleep(for: .milliseconds(300))
                    var samples: [(total: Double, slowest: Double)] = []
                    for index in 0..<(self.warmup + self.count) {
                        let username = "bench\(tag)u\(index)"
                        let body = try BenchHTTP.encode(CheckBody(
                            url: "http://panel.example.com:8080", username: username, password: "bench-password",
                            regions: [self.region], waitSeconds: self.waitSeconds))
                        let answer = try await http.post("/v1/checks", token: token, body: body, timeout: .seconds(Int64(self.waitSeconds) + 10))
                        try BenchHTTP.expectOK(answer, "POST /v1/checks")
                        let check = try BenchHTTP.decode(CheckAnswer.self, answer.body)
                        guard check.status == "complete", !check.reused, check.vantages.count == agents.count, check.missing.isEmpty else {
                            throw BenchError("check \(index): status \(check.status), reused \(check.reused), \(check.vantages.count) vantages, \(check.missing.count) missing")
                        }
                        // The last agent's results POST may return a moment after the check's answer.
                        let times = try await handled.wait(for: username, count: agents.count)
                        if index >= self.warmup { samples.append((answer.seconds, times.max() ?? 0)) }
                    }
                    return .success(samples)
                } catch {
                    return .failure(error)
                }
            }
            await driver.shutdown()
            let samples = try measured.get()
            let overhead = Percentiles(samples.map { $0.total - $0.slowest })
            print("fanout checks=\(samples.count) agents=\(agents.count) \(overhead.fields("overhead")) \(Percentiles(samples.map(\.total)).fields("answer")) \(Percentiles(samples.map(\.slowest)).fields("slowest_agent"))")
        }

        /// One agent: long-poll, answer each job at once with a canned `ok` result, repeat until cancelled.
        static func agentLoop(http: BenchHTTP, agent: AgentCredential, log: HandlingLog, maximumPolls: Int) async {
            let poll: [UInt8]
            do { poll = try BenchHTTP.encode(AgentPollRequest(maxJobs: 16, waitSeconds: 25)) } catch { return }
            for _ in 0..<maximumPolls where !Task.isCancelled {
                do {
                    let answer = try await http.post("/v1/agent/jobs/poll", token: agent.token, body: poll, timeout: .seconds(40))
                    let received = ContinuousClock.now
                    try BenchHTTP.expectOK(answer, "poll")
                    let jobs = try BenchHTTP.decode(AgentPollResponse.self, answer.body).jobs
                    guard !jobs.isEmpty else { continue }
                    let now = Int64(Date().timeIntervalSince1970)
                    let results = jobs.map { job in
                        AgentResult(
                            resultID: UUID().uuidString.lowercased(), jobID: job.jobID,
                            result: BenchDocuments.result(index: 0, startedAt: now, host: "panel.example.com", username: job.username ?? ""),
                            confirmation: nil)
                    }
                    let sent = try await http.post("/v1/agent/results", token: agent.token, body: try BenchHTTP.encode(AgentResultBatch(results: results)))
                    try BenchHTTP.expectOK(sent, "results")
                    let handling = BenchHTTP.seconds(ContinuousClock.now - received)
                    for job in jobs { log.record(job.username ?? "", handling) }
                } catch is CancellationError {
                    return
                } catch {
                    if Task.isCancelled { return }
                    print("fanout-agent-error \(error)")
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
        }
    }
}

/// Each agent's handling time per check (keyed by the check's unique username).
final class HandlingLog: Sendable {
    private let entries = Mutex<[String: [Double]]>([:])

    func record(_ key: String, _ seconds: Double) {
        self.entries.withLock { $0[key, default: []].append(seconds) }
    }

    /// Waits (at most 5 s) until `count` agents have recorded their time for `key`.
    func wait(for key: String, count: Int) async throws -> [Double] {
        for _ in 0..<5000 {
            if let times = self.entries.withLock({ $0[key] }), times.count >= count { return times }
            try await Task.sleep(for: .milliseconds(1))
        }
        throw BenchError("the agents did not all report their handling time of a check")
    }
}
