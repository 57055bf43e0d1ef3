import CoordinatorCore
import Foundation
import Testing
import XCheckProtocol

extension CoordinatorTests {
    @Suite("Agent protocol")
    struct AgentProtocolTests {
        @Test("a heartbeat records version, load and the observed address; GET /v1/agents shows them and never a token")
        func heartbeatIsRecorded() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator()
                let agent = try await fixture.enrol(coordinator, name: "fra-1", region: "eu-central", network: "hetzner")
                let other = try await fixture.enrol(coordinator, name: "nyc-1", region: "us-east", network: "ovh")
                let reader = try await fixture.userToken(coordinator, scope: .read)

                let answer = try await agent.heartbeat(version: "9.8.7-test", inFlight: 3, maxConcurrency: 64, spoolDepth: 5, spoolDropped: 1)
                #expect(answer.name == "fra-1")
                #expect(answer.region == "eu-central")
                #expect(answer.network == "hetzner")
                #expect(answer.observedAddress == "127.0.0.1")
                #expect(abs(answer.serverTime - Int64(Date().timeIntervalSince1970)) < 300)

                let listing = try await fixture.http.get("\(coordinator.baseURL)/v1/agents", token: reader)
                #expect(listing.status == 200)
                let agents = try listing.decode([String: [AgentRecord]].self)["agents"] ?? []
                #expect(agents.map(\.name) == ["fra-1", "nyc-1"])
                let seen = try #require(agents.first { $0.name == "fra-1" })
                #expect(seen.region == "eu-central")
                #expect(seen.network == "hetzner")
                #expect(seen.version == "9.8.7-test")
                #expect(seen.inFlight == 3)
                #expect(seen.maxConcurrency == 64)
                #expect(seen.spoolDepth == 5)
                #expect(seen.spoolDropped == 1)
                #expect(seen.lastAddress == "127.0.0.1")
                #expect(seen.lastSeenAt != nil)
                #expect(seen.online)
                let unseen = try #require(agents.first { $0.name == "nyc-1" })
                #expect(unseen.lastSeenAt == nil)
                #expect(!unseen.online)

                // Never a token: not the whole token, not its secret, not its public id, no hash.
                for token in [agent.token, other.token, reader] {
                    let parts = token.split(separator: "_")
                    #expect(!listing.text.contains(token))
                    #expect(!listing.text.contains(String(parts[1])))
                    #expect(!listing.text.contains(String(parts[2])))
                }
                #expect(!listing.text.lowercased().contains("token"))
                #expect(!listing.text.lowercased().contains("hash"))
            }
        }

        @Test("a held poll is answered with the job of a check created while it waits")
        func heldPollGetsNewJob() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator()
                let agent = try await fixture.enrol(coordinator, name: "fra-1", region: "eu")
                let checker = try await fixture.userToken(coordinator, scope: .check)
                try await agent.heartbeat()
                // Nothing is waiting: an immediate poll answers with no job.
                #expect(try await agent.poll(wait: 0).isEmpty)

                // Make the agent's last contact old (still online), so the poll's own touch shows that it is held.
                try await fixture.execute("UPDATE agents SET last_seen_at = now() - interval '30 seconds'")
                let poll = Task { try await agent.poll(wait: 20) }
                try await eventually("the poll reached the coordinator") {
                    try await fixture.int("SELECT count(*) FROM agents WHERE last_seen_at > now() - interval '10 seconds'") == 1
                }
                let password = "pw-\(UUID().uuidString)"
                let created = try await fixture.http.post(
                    "\(coordinator.baseURL)/v1/checks", token: checker,
                    object: ["url": "http://panel.example:8080", "username": "alice", "password": password, "wait_seconds": 0])
                #expect(created.status == 200, "\(created)")
                let check = try created.decode(CheckDocument.self)

                let jobs = try await bounded(.seconds(60), "the held poll") { try await poll.value }
                let job = try #require(jobs.first, "the held poll returned no job")
                #expect(jobs.count == 1)
                #expect(job.kind == .login)
                #expect(job.url == "http://panel.example:8080")
                #expect(job.username == "alice")
                #expect(job.password == password)
                #expect(try await fixture.int("SELECT count(*) FROM jobs WHERE id = $1::uuid AND check_id = $2::uuid AND state = 'claimed'", [job.jobID, check.id]) == 1)
                // Claimed: nobody gets it again.
                #expect(try await agent.poll(wait: 0).isEmpty)

                let ack = try await agent.send([agent.answer(job)])
                #expect(ack.accepted.count == 1)
                #expect(ack.duplicates.isEmpty)
                let document = try await fixture.http.get("\(coordinator.baseURL)/v1/checks/\(check.id)", token: checker).decode(CheckDocument.self)
                #expect(document.status == "complete")
                #expect(document.vantages.map(\.agent.name) == ["fra-1"])
            }
        }

        @Test("a restarted agent (new session) gets again the jobs a poll held for its previous process claimed; a superseded poll claims nothing; a job keeps one result")
        func restartedAgentGetsItsJobsAgain() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator()
                let agent = try await fixture.enrol(coordinator, name: "fra-1", region: "eu")
                let checker = try await fixture.userToken(coordinator, scope: .check)
                try await agent.heartbeat()
                let first = UUID().uuidString
                #expect(try await agent.poll(wait: 0, session: first).isEmpty)

                // The previous process's poll claimed a job; that process is gone.
                _ = try await fixture.http.post(
                    "\(coordinator.baseURL)/v1/checks", token: checker, object: ["url": "http://panel.example:8080", "wait_seconds": 0])
                let lost = try #require(try await agent.poll(wait: 5, session: first).first)
                // The same session polling again gets nothing: the job is still its own.
                #expect(try await agent.poll(wait: 0, session: first).isEmpty)

                // The restarted process (a new session) gets it again.
                let second = UUID().uuidString
                let again = try await agent.poll(wait: 5, session: second)
                #expect(again.map(\.jobID) == [lost.jobID])

                // A poll of the new session is held; a newer poll supersedes it: a job created after that goes to
                // the newer poll only.
                let held = Task { try await agent.poll(wait: 20, session: second) }
                try await eventually("the held poll took its generation") {
                    try await fixture.int("SELECT poll_generation FROM agents WHERE name = 'fra-1'") == 5
                }
                let newer = Task { try await agent.poll(wait: 20, session: second) }
                try await eventually("the newer poll took its generation") {
                    try await fixture.int("SELECT poll_generation FROM agents WHERE name = 'fra-1'") == 6
                }
                _ = try await fixture.http.post(
                    "\(coordinator.baseURL)/v1/checks", token: checker,
                    object: ["url": "http://panel.example:8081", "wait_seconds": 0])
                let fromNewer = try await bounded(.seconds(60), "the newer poll") { try await newer.value }
                let fromHeld = try await bounded(.seconds(60), "the superseded poll") { try await held.value }
                #expect(fromNewer.map(\.url) == ["http://panel.example:8081"])
                #expect(fromHeld.isEmpty)

                // The job answered by both processes (the old one from its spool) keeps one result.
                let ack = try await agent.send([agent.answer(lost)])
                #expect(ack.accepted.count == 1)
                let late = try await agent.send([agent.answer(lost)])
                #expect(late.accepted.isEmpty && late.duplicates.count == 1)
                #expect(try await fixture.int("SELECT count(*) FROM results WHERE job_id = $1::uuid", [lost.jobID]) == 1)
            }
        }

        @Test("result ids in upper case are acknowledged as the agent sent them, also as duplicates")
        func upperCaseIDs() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator()
                let agent = try await fixture.enrol(coordinator, name: "fra-1", region: "eu")
                var result = agent.answer(AgentJob(
                    jobID: UUID().uuidString, kind: .login, url: "http://panel.example:8080", username: nil, password: nil,
                    confirmAfterMilliseconds: nil, deadline: 0))
                result.resultID = UUID().uuidString  // upper case
                #expect(result.resultID != result.resultID.lowercased())
                let first = try await agent.send([result])
                #expect(first.accepted == [result.resultID] && first.duplicates.isEmpty, "\(first)")
                let again = try await agent.send([result])
                #expect(again.accepted.isEmpty && again.duplicates == [result.resultID], "\(again)")
                #expect(try await fixture.int("SELECT count(*) FROM results") == 1)
            }
        }

        @Test("a retried batch is acknowledged as duplicates and stored exactly once")
        func retriedBatchIsNotDuplicated() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator()
                let agent = try await fixture.enrol(coordinator, name: "fra-1", region: "eu")
                let checker = try await fixture.userToken(coordinator, scope: .check)
                try await agent.heartbeat()
                _ = try await fixture.http.post(
                    "\(coordinator.baseURL)/v1/checks", token: checker, object: ["url": "http://panel.example:8080", "wait_seconds": 0])
                let job = try #require(try await agent.poll(wait: 5).first)

                // One result for the real job, the rest for jobs the coordinator does not know (kept as well).
                let unknownJob = {
                    AgentJob(
                        jobID: UUID().uuidString.lowercased(), kind: .login, url: "http://panel.example:8080", username: nil,
                        password: nil, confirmAfterMilliseconds: nil, deadline: 0)
                }
                var batch = [agent.answer(job)]
                for _ in 0..<99 { batch.append(agent.answer(unknownJob())) }
                let ids = batch.map(\.resultID)

                let first = try await agent.send(batch)
                #expect(first.accepted == ids)
                #expect(first.duplicates.isEmpty)

                // The same batch again, as after a lost answer.
                let retry = try await agent.send(batch)
                #expect(retry.accepted.isEmpty)
                #expect(retry.duplicates == ids)

                // Half old, half new.
                let fresh = (0..<50).map { _ in agent.answer(unknownJob()) }
                let mixed = Array(batch.prefix(50)) + fresh
                let third = try await agent.send(mixed)
                #expect(Set(third.accepted) == Set(fresh.map(\.resultID)))
                #expect(Set(third.duplicates) == Set(batch.prefix(50).map(\.resultID)))

                // The same new batch twice at once: each id stored once, acknowledged once as accepted.
                let raced = (0..<200).map { _ in agent.answer(unknownJob()) }
                async let one = agent.send(raced)
                async let two = agent.send(raced)
                let (a, b) = try await (one, two)
                #expect(Set(a.accepted).isDisjoint(with: Set(b.accepted)))
                #expect(Set(a.accepted).union(b.accepted) == Set(raced.map(\.resultID)))
                #expect(Set(a.accepted + a.duplicates) == Set(raced.map(\.resultID)))
                #expect(Set(b.accepted + b.duplicates) == Set(raced.map(\.resultID)))

                let all = ids + fresh.map(\.resultID) + raced.map(\.resultID)
                let counts = try await fixture.resultCounts(all)
                #expect(counts.count == all.count)
                #expect(counts.values.allSatisfy { $0 == 1 })
                #expect(try await fixture.int("SELECT count(*) FROM results") == all.count)
            }
        }

        @Test("a result naming another agent's job neither answers that job nor joins its check")
        func resultForAnotherAgentsJob() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator()
                let fra = try await fixture.enrol(coordinator, name: "fra-1", region: "eu")
                let nyc = try await fixture.enrol(coordinator, name: "nyc-1", region: "us")
                let checker = try await fixture.userToken(coordinator, scope: .check)
                try await fra.heartbeat()
                try await nyc.heartbeat()
                let check = try await fixture.http.post(
                    "\(coordinator.baseURL)/v1/checks", token: checker, object: ["url": "http://panel.example:8080", "wait_seconds": 0]
                ).decode(CheckDocument.self)
                let fraJob = try #require(try await fra.poll(wait: 10).first)
                _ = try #require(try await nyc.poll(wait: 10).first)

                // nyc-1 reports on fra-1's job: kept as nyc-1's result, but fra-1's job is still open.
                let forged = nyc.answer(fraJob)
                #expect(try await nyc.send([forged]).accepted == [forged.resultID])
                #expect(try await fixture.int("SELECT count(*) FROM jobs WHERE id = $1::uuid AND state = 'claimed'", [fraJob.jobID]) == 1)
                #expect(try await fixture.int("SELECT count(*) FROM results WHERE result_id = $1::uuid AND check_id IS NULL", [forged.resultID]) == 1)
                let document = try await fixture.http.get("\(coordinator.baseURL)/v1/checks/\(check.id)", token: checker).decode(CheckDocument.self)
                #expect(document.vantages.isEmpty)
                #expect(Set(document.missing.map(\.name)) == ["fra-1", "nyc-1"])

                // fra-1's own answer still counts.
                _ = try await fra.send([fra.answer(fraJob)])
                let after = try await fixture.http.get("\(coordinator.baseURL)/v1/checks/\(check.id)", token: checker).decode(CheckDocument.self)
                #expect(after.vantages.map(\.agent.name) == ["fra-1"])
                #expect(after.missing.map(\.name) == ["nyc-1"])
            }
        }
    }
}
