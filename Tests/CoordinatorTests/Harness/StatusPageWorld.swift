import CoordinatorCore
import Foundation
import XCheckModel
import XCheckProtocol
import XCheckTestSupport

/// A coordinator with what the status page shows: two agents (eu and us) with a heartbeat, a public target
/// that had an account problem three hours ago and is up now, and a private target with an account problem.
/// Both targets have a username and a password, which must never appear on a page.
struct StatusPageWorld: Sendable {
    let coordinator: InProcessCoordinator
    let fra: SimulatedAgent
    let nyc: SimulatedAgent
    let publicTarget: TargetDocument
    let privateTarget: TargetDocument
    /// Usernames and passwords of both targets.
    let secrets: [String]
    let readerToken: String
    let readerName: String
    let agentToken: String
    /// When the public target's recent results started (epoch seconds).
    let recentStart: Int64

    static func make(_ fixture: Fixture) async throws -> StatusPageWorld {
        let coordinator = try await fixture.startCoordinator()
        let admin = try await fixture.userToken(coordinator, scope: .admin)
        let readerName = TestEnvironment.uniqueName("status-reader-")
        let reader = try await fixture.userToken(coordinator, scope: .read, name: readerName)
        let fra = try await fixture.enrol(coordinator, name: "fra-1", region: "eu", network: "hetzner")
        let nyc = try await fixture.enrol(coordinator, name: "nyc-1", region: "us", network: "digitalocean")
        try await fra.heartbeat(inFlight: 3, maxConcurrency: 64)
        try await nyc.heartbeat(inFlight: 0, maxConcurrency: 32)

        let secrets = ["pubuser\(UInt32.random(in: 100_000...999_999))", "pubpass-\(UUID().uuidString)",
                       "privuser\(UInt32.random(in: 100_000...999_999))", "privpass-\(UUID().uuidString)"]
        let publicTarget = try await fixture.http.post(
            "\(coordinator.baseURL)/v1/targets", token: admin,
            object: ["url": "http://public-panel.example:8080", "username": secrets[0], "password": secrets[1], "interval_seconds": 600,
                     "name": "Public Panel", "public": true]
        ).decode(TargetDocument.self)
        let privateTarget = try await fixture.http.post(
            "\(coordinator.baseURL)/v1/targets", token: admin,
            object: ["url": "http://secret-panel.example:2095/hidden/base", "username": secrets[2], "password": secrets[3],
                     "interval_seconds": 600, "name": "Secret Panel"]
        ).decode(TargetDocument.self)

        try await fixture.execute("UPDATE targets SET next_run_at = now()")
        let now = Int64(Date().timeIntervalSince1970)
        for agent in [fra, nyc] {
            var jobs: [AgentJob] = []
            for _ in 0..<20 where jobs.count < 2 {
                jobs += try await agent.poll(wait: 20)
            }
            let publicJob = try Self.job(jobs, url: publicTarget.url, agent: agent.name)
            let privateJob = try Self.job(jobs, url: privateTarget.url, agent: agent.name)
            var earlier = agent.answer(publicJob, outcome: .credentialsRejected)
            earlier.result.startedAt = now - 3 * 3600
            earlier.result.stage = .login
            earlier.result.httpStatus = 200
            var recent = agent.answer(publicJob, outcome: .ok)
            recent.result.startedAt = now
            var refused = agent.answer(privateJob, outcome: .credentialsRejected)
            refused.result.stage = .login
            refused.result.httpStatus = 200
            refused.result.startedAt = now
            _ = try await agent.send([earlier, recent, refused])
        }
        return StatusPageWorld(
            coordinator: coordinator, fra: fra, nyc: nyc, publicTarget: publicTarget, privateTarget: privateTarget,
            secrets: secrets, readerToken: reader, readerName: readerName,
            agentToken: fra.token, recentStart: now)
    }

    static func job(_ jobs: [AgentJob], url: String, agent: String) throws -> AgentJob {
        guard let job = jobs.first(where: { $0.url == url }) else {
            throw HTTPClient.Failure(description: "\(agent) got no job for \(url): \(jobs.map(\.url))")
        }
        return job
    }
}
