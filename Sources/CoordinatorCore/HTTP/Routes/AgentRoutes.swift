import FoundationEssentials
import Hummingbird
import LibPQ
import Logging
import XCheckProtocol

/// The agent protocol (docs/protocol.md): heartbeat, long-poll for jobs, result batches.
struct AgentRoutes: Sendable {
    let agents: AgentStore
    let jobs: JobStore
    let results: ResultStore
    let cipher: CredentialCipher
    let hub: NotificationHub
    let configuration: CoordinatorConfiguration
    let metrics: CoordinatorMetrics

    func add(to group: RouterGroup<CoordinatorRequestContext>) {
        group.post("heartbeat", use: self.heartbeat)
        group.post("jobs/poll", use: self.poll)
        group.post("results", use: self.ingest)
    }

    static func agentID(_ context: CoordinatorRequestContext) throws -> (Int64, String, String, String) {
        guard case .agent(let id, let name, let region, let network) = context.identity else { throw APIFailure.unauthorized() }
        return (id, name, region, network)
    }

    @Sendable func heartbeat(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        let (id, name, region, network) = try Self.agentID(context)
        let beat = try await JSONBody.decode(AgentHeartbeat.self, from: request, limit: self.configuration.maximumBodyBytes)
        guard beat.version.count <= 64, beat.inFlight >= 0, beat.maxConcurrency >= 0, beat.spoolDepth >= 0, beat.spoolDropped >= 0 else {
            throw APIFailure.badRequest("heartbeat values are out of range")
        }
        try await self.agents.heartbeat(agentID: id, beat, address: context.peerAddress)
        return try JSONBody.response(AgentHeartbeatResponse(
            name: name, region: region, network: network, serverTime: Int64(Date().timeIntervalSince1970),
            observedAddress: context.peerAddress))
    }

    /// Answers at once when jobs are waiting, otherwise holds the request until a job for this agent is
    /// announced (by any replica, through LISTEN/NOTIFY) or the wait runs out.
    @Sendable func poll(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        let (id, _, _, _) = try Self.agentID(context)
        let ask = try await JSONBody.decode(AgentPollRequest.self, from: request, limit: self.configuration.maximumBodyBytes)
        guard (1...100).contains(ask.maxJobs) else { throw APIFailure.badRequest("max_jobs must be 1 to 100") }
        guard (0...Int(self.configuration.maximumPollWait.components.seconds)).contains(ask.waitSeconds) else {
            throw APIFailure.badRequest("wait_seconds must be 0 to \(self.configuration.maximumPollWait.components.seconds)")
        }
        let deadline = ContinuousClock.now + .seconds(ask.waitSeconds)
        // A newer poll of the same agent supersedes this one and this one claims nothing more: jobs go to the
        // request someone still reads (an agent restarted while its old poll was held here would otherwise
        // lose what that poll claims). A superseded poll ends at its next wake-up.
        if let session = ask.session, !(1...64).contains(session.utf8.count) {
            throw APIFailure.badRequest("session must be 1 to 64 bytes")
        }
        let spooled = ask.spooledJobs ?? []
        guard spooled.count <= 1_000, spooled.allSatisfy({ UUID(uuidString: $0) != nil }) else {
            throw APIFailure.badRequest("spooled_jobs holds at most 1000 job ids (UUIDs)")
        }
        let (generation, requeued) = try await self.agents.beginPoll(
            agentID: id, address: context.peerAddress, session: ask.session, spooledJobs: spooled)
        if requeued > 0 {
            context.logger.notice(
                "a restarted agent gets again the jobs its previous process claimed and never answered",
                metadata: ["agent_id": "\(id)", "jobs": "\(requeued)"])
        }
        var woken = false
        while true {
            let mark = self.hub.mark()
            let claimed = try await self.jobs.claim(agentID: id, limit: ask.maxJobs, generation: generation)
            if !claimed.isEmpty || ContinuousClock.now >= deadline || self.hub.isStopped {
                let jobs = claimed.compactMap { self.agentJob($0, logger: context.logger) }
                return try JSONBody.response(AgentPollResponse(jobs: jobs))
            }
            if woken, try await !self.agents.isCurrentPoll(agentID: id, generation: generation) {
                return try JSONBody.response(AgentPollResponse(jobs: []))
            }
            await self.hub.wait(for: "jobs:\(id)", since: mark, timeout: deadline - ContinuousClock.now)
            if Task.isCancelled { return try JSONBody.response(AgentPollResponse(jobs: [])) }
            woken = true
        }
    }

    func agentJob(_ job: ClaimedJob, logger: Logger) -> AgentJob? {
        var password: String?
        if let sealed = job.passwordSealed {
            do {
                password = try self.cipher.open(sealed)
            } catch {
                logger.error("cannot open a stored password (is every replica using the same key file?)", metadata: ["job": "\(job.id)"])
                return nil
            }
        }
        return AgentJob(
            jobID: job.id, kind: job.kind == "login" ? .login : .reachability, url: job.url, username: job.username,
            password: job.kind == "login" ? password : nil,
            confirmAfterMilliseconds: Int(self.configuration.confirmationDelay.components.seconds * 1000),
            deadline: job.deadline)
    }

    /// Stores a batch and acknowledges it only after the transaction committed.
    @Sendable func ingest(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        let (id, _, _, _) = try Self.agentID(context)
        let (batch, body) = try await JSONBody.decodeKeepingBody(
            AgentResultBatch.self, from: request, limit: self.configuration.maximumBodyBytes)
        guard (1...500).contains(batch.results.count) else { throw APIFailure.badRequest("a batch holds 1 to 500 results") }
        for item in batch.results {
            guard UUID(uuidString: item.resultID) != nil else { throw APIFailure.badRequest("result_id '\(item.resultID.prefix(64))' is not a UUID") }
            guard UUID(uuidString: item.jobID) != nil else { throw APIFailure.badRequest("job_id '\(item.jobID.prefix(64))' is not a UUID") }
        }
        let ack: AgentResultAck
        do {
            ack = try await self.results.ingest(agentID: id, batch: batch, body: body)
        } catch let error as PostgresError where error.sqlState?.errorClass == "22" {
            // A value PostgreSQL cannot store (a NUL character in a string, a time out of range): the batch is
            // bad input, so the agent narrows it down and drops the result at fault instead of retrying it
            // forever.
            throw APIFailure.badRequest("a result in the batch cannot be stored: \(error.message)")
        }
        try await self.agents.touch(agentID: id, address: context.peerAddress)
        self.metrics.recordIngest(batch: batch, accepted: ack.accepted.count)
        return try JSONBody.response(ack)
    }
}
