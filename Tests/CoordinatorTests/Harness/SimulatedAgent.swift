import Foundation
import XCheckModel
import XCheckProtocol

/// An agent as the coordinator sees it: HTTP calls to heartbeat, poll and results with an agent token, and
/// results built from `ProbeResult` values. It never runs a real check.
struct SimulatedAgent: Sendable {
    let name: String
    let region: String
    let network: String
    let token: String
    let client: HTTPClient
    /// The coordinator (replica) this agent talks to.
    var baseURL: String

    /// The same agent talking to another replica.
    func on(_ baseURL: String) -> SimulatedAgent {
        var copy = self
        copy.baseURL = baseURL
        return copy
    }

    @discardableResult
    func heartbeat(version: String = "0.1.0-test", inFlight: Int = 0, maxConcurrency: Int = 64, spoolDepth: Int = 0, spoolDropped: Int = 0) async throws -> AgentHeartbeatResponse {
        let answer = try await self.client.post(
            "\(self.baseURL)/v1/agent/heartbeat", token: self.token,
            json: AgentHeartbeat(version: version, inFlight: inFlight, maxConcurrency: maxConcurrency, spoolDepth: spoolDepth, spoolDropped: spoolDropped))
        guard answer.status == 200 else { throw HTTPClient.Failure(description: "heartbeat of \(self.name): \(answer)") }
        return try answer.decode()
    }

    func poll(wait: Int, maxJobs: Int = 16, session: String? = nil) async throws -> [AgentJob] {
        let answer = try await self.client.post(
            "\(self.baseURL)/v1/agent/jobs/poll", token: self.token,
            json: AgentPollRequest(maxJobs: maxJobs, waitSeconds: wait, session: session))
        guard answer.status == 200 else { throw HTTPClient.Failure(description: "poll of \(self.name): \(answer)") }
        return try answer.decode(AgentPollResponse.self).jobs
    }

    /// Posts a batch; throws unless it is acknowledged (200).
    func send(_ results: [AgentResult]) async throws -> AgentResultAck {
        let answer = try await self.sendRaw(results)
        guard answer.status == 200 else { throw HTTPClient.Failure(description: "results of \(self.name): \(answer)") }
        return try answer.decode()
    }

    func sendRaw(_ results: [AgentResult]) async throws -> HTTPResult {
        try await self.client.post("\(self.baseURL)/v1/agent/results", token: self.token, json: AgentResultBatch(results: results))
    }

    /// A result for `job`, with a fresh result id.
    func answer(_ job: AgentJob, outcome: Outcome = .ok) -> AgentResult {
        AgentResult(
            resultID: UUID().uuidString.lowercased(), jobID: job.jobID,
            result: Self.probeResult(url: job.url, username: job.username, outcome: outcome,
                                     detail: "simulated by \(self.name)"),
            confirmation: nil)
    }

    /// A probe result as `xcheck probe --json` would report it (never a password).
    static func probeResult(
        url: String, username: String?, outcome: Outcome = .ok, detail: String = "simulated",
        startedAt: Int64 = Int64(Date().timeIntervalSince1970)
    ) -> ProbeResult {
        let summary: TargetSummary
        if let parsed = try? TargetParser.parse(url: url) {
            summary = TargetSummary(
                url: parsed.target.baseURL, scheme: parsed.target.scheme, host: parsed.target.host,
                port: parsed.target.port, username: username)
        } else {
            summary = TargetSummary(url: url, scheme: .http, host: "unknown.example", port: 80, username: username)
        }
        let isOK = outcome == .ok || outcome == .reachable
        return ProbeResult(
            target: summary, kind: .login, outcome: outcome, stage: isOK ? nil : .connect, detail: detail,
            httpStatus: isOK ? 200 : nil, timings: StageTimings(dns: 1, connect: 2, firstByte: 5, total: 12.5),
            startedAt: startedAt)
    }

    /// Answers every job it is given, from a task, until cancelled; records the jobs it received.
    func serve(recorder: JobRecorder, outcome: Outcome = .ok) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                do {
                    let jobs = try await self.poll(wait: 20)
                    guard !jobs.isEmpty else { continue }
                    recorder.add(jobs, agent: self.name)
                    _ = try await self.send(jobs.map { self.answer($0, outcome: outcome) })
                } catch {
                    if Task.isCancelled { return }
                    recorder.fail("\(self.name): \(error)")
                    try? await Task.sleep(for: .milliseconds(250))
                }
            }
        }
    }
}

/// The jobs simulated agents received, and the errors their loops met.
final class JobRecorder: Sendable {
    private let state = Shared<(jobs: [(agent: String, job: AgentJob)], errors: [String])>(([], []))

    func add(_ jobs: [AgentJob], agent: String) {
        self.state.update { $0.jobs += jobs.map { (agent, $0) } }
    }

    func fail(_ error: String) {
        self.state.update { $0.errors.append(error) }
    }

    var jobs: [(agent: String, job: AgentJob)] { self.state.get().jobs }
    var errors: [String] { self.state.get().errors }
}
