import CoordinatorCore
import Foundation
import Testing
import XCheckProtocol

extension CoordinatorTests {
    @Suite("Faults", .serialized)
    struct FaultTests {
        @Test(
            "PostgreSQL stopped under a running coordinator: 503 for what needs it; started again: the same coordinator recovers by itself",
            .enabled(if: TestSettings.canControlServer, "runs in the test script's server-restart pass (XCHECK_TEST_SERVER_RESTARTS=1)"))
        func databaseStopsAndStarts() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator()
                let agent = try await fixture.enrol(coordinator, name: "fra-1", region: "eu")
                let reader = try await fixture.userToken(coordinator, scope: .read)
                let checker = try await fixture.userToken(coordinator, scope: .check)
                try await agent.heartbeat()
                let base = coordinator.baseURL
                #expect(try await fixture.http.get("\(base)/healthz").status == 200)

                try await PostgresServer.stop()
                let whileDown = await Result(catching: {
                    let health = try await fixture.http.get("\(base)/healthz")
                    #expect(health.status == 503, "\(health)")
                    #expect(health.text.contains("down"), "\(health)")
                    let answers = [
                        try await fixture.http.get("\(base)/v1/agents", token: reader),
                        try await fixture.http.post("\(base)/v1/checks", token: checker, object: ["url": "http://panel.example:8080", "wait_seconds": 5]),
                        try await fixture.http.post("\(base)/v1/agent/heartbeat", token: agent.token, json: AgentHeartbeat(version: "1", inFlight: 0, maxConcurrency: 1, spoolDepth: 0, spoolDropped: 0)),
                        try await fixture.http.post("\(base)/v1/agent/jobs/poll", token: agent.token, json: AgentPollRequest(maxJobs: 1, waitSeconds: 5)),
                        try await agent.sendRaw([agent.answer(AgentJob(
                            jobID: UUID().uuidString.lowercased(), kind: .reachability, url: "http://panel.example:8080",
                            username: nil, password: nil, confirmAfterMilliseconds: nil, deadline: 0))]),
                    ]
                    for answer in answers {
                        #expect(answer.status == 503, "\(answer)")
                        #expect(answer.errorCode == "database_unavailable", "\(answer)")
                    }
                    // What needs no database still answers.
                    #expect(try await fixture.http.get("\(base)/metrics").status == 200)
                })
                // Whatever happened above, the server is started again before anything else.
                try await PostgresServer.start()
                try whileDown.get()

                // The same coordinator, by itself: ready again, and a check runs end to end (the agent's long-poll
                // is woken through the listener, which reconnected).
                try await eventually("healthz is 200 again", within: .seconds(90)) {
                    (try? await fixture.http.get("\(base)/healthz").status) == 200
                }
                try await eventually("the agent can heartbeat again", within: .seconds(60)) {
                    (try? await agent.heartbeat()) != nil
                }
                let recorder = JobRecorder()
                fixture.serve(agent, recorder: recorder)
                let created = try await fixture.http.post(
                    "\(base)/v1/checks", token: checker, object: ["url": "http://panel.example:8080", "wait_seconds": 45])
                #expect(created.status == 200, "\(created)")
                let document = try created.decode(CheckDocument.self)
                #expect(document.status == "complete")
                #expect(document.vantages.map(\.agent.name) == ["fra-1"])
                #expect(try await fixture.http.get("\(base)/v1/agents", token: reader).status == 200)
            }
        }

        /// systemd (and any supervisor) reads a non-zero status on SIGTERM as a failed service: every background
        /// service must wait for its own turn in the graceful shutdown, even when the notification hub it uses
        /// stops before it.
        @Test("SIGTERM: the coordinator process stops gracefully with exit status 0")
        func sigtermExitsCleanly() async throws {
            try await Fixture.with { fixture in
                let directory = try TemporaryDirectory()
                defer { directory.remove() }
                let coordinator = try await CoordinatorProcess.serve(databaseURL: fixture.database.url, directory: directory.path, label: "sigterm")
                #expect(try await fixture.http.get("\(coordinator.baseURL)/healthz").status == 200)
                await coordinator.stop()
                #expect(!coordinator.isRunning)
                #expect(coordinator.child.terminatingSignal == nil, "killed: \(coordinator.child.termination)")
                #expect(coordinator.child.exitStatus == 0, "\(coordinator.child.termination)\n\(coordinator.child.stderr.suffix(3000))")
                #expect(!coordinator.child.stderr.contains("finished unexpectedly"), "\(coordinator.child.stderr.suffix(3000))")
            }
        }

        @Test("kill -9 of the coordinator during ingest: every acknowledged result is stored once; resent batches are stored exactly once")
        func killDuringIngest() async throws {
            try await Fixture.with { fixture in
                let directory = try TemporaryDirectory()
                defer { directory.remove() }
                let options = ["--database-url", fixture.database.url, "--key-file", "\(directory.path)/credential.key", "--data-dir", "\(directory.path)/data"]
                let output = try await CoordinatorProcess.admin(["agents", "add", "--name", "sim-1", "--region", "eu"] + options, directory: directory.path)
                let token = try #require(output.split(separator: "\n").last.map(String.init))

                let first = try await CoordinatorProcess.serve(databaseURL: fixture.database.url, directory: directory.path, label: "first")
                var second: CoordinatorProcess?
                do {
                    var agent = SimulatedAgent(name: "sim-1", region: "eu", network: "", token: token, client: fixture.http, baseURL: first.baseURL)
                    let beat = try await agent.heartbeat()
                    #expect(beat.name == "sim-1")

                    // 300 batches of 40 results, sent by 4 senders at once; the process is killed once 30 are
                    // acknowledged, while others are in flight.
                    let batches: [[AgentResult]] = (0..<300).map { _ in
                        (0..<40).map { _ in
                            agent.answer(AgentJob(
                                jobID: UUID().uuidString.lowercased(), kind: .reachability, url: "http://panel.example:8080",
                                username: nil, password: nil, confirmAfterMilliseconds: nil, deadline: 0))
                        }
                    }
                    struct Progress: Sendable {
                        var next = 0
                        var acknowledged: [Int] = []
                        var unacknowledged: [Int] = []
                        var killed = false
                    }
                    let progress = Shared(Progress())
                    let killer = Task {
                        try await eventually("30 batches acknowledged", within: .seconds(120), interval: .milliseconds(5)) {
                            progress.get().acknowledged.count >= 30
                        }
                        progress.update { $0.killed = true }
                        try await first.killHard()
                    }
                    let sender = agent
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for _ in 0..<4 {
                            group.addTask {
                                while true {
                                    let index: Int? = progress.update { state in
                                        guard state.next < batches.count, !state.killed else { return nil }
                                        defer { state.next += 1 }
                                        return state.next
                                    }
                                    guard let index else { return }
                                    let answer = try? await sender.sendRaw(batches[index])
                                    if let answer, answer.status == 200,
                                        let ack = try? answer.decode(AgentResultAck.self),
                                        Set(ack.accepted + ack.duplicates) == Set(batches[index].map(\.resultID))
                                    {
                                        progress.update { $0.acknowledged.append(index) }
                                    } else {
                                        progress.update { $0.unacknowledged.append(index) }
                                    }
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                    try await killer.value
                    #expect(!first.isRunning)
                    let state = progress.get()
                    let untouched = Array(state.next..<batches.count)
                    let acknowledged = state.acknowledged.flatMap { batches[$0].map(\.resultID) }
                    #expect(state.acknowledged.count >= 30)
                    #expect(!untouched.isEmpty || !state.unacknowledged.isEmpty, "the kill came after every batch was sent")

                    // Restarted on the same database: every acknowledged id is there exactly once.
                    second = try await CoordinatorProcess.serve(databaseURL: fixture.database.url, directory: directory.path, label: "second")
                    let counts = try await fixture.resultCounts(acknowledged)
                    #expect(counts.count == acknowledged.count, "\(acknowledged.count - counts.count) acknowledged results are missing")
                    #expect(counts.values.allSatisfy { $0 == 1 })

                    // The agent resends what was never acknowledged: each batch is stored exactly once (a batch
                    // committed just before the kill comes back as duplicates).
                    agent = agent.on(second!.baseURL)
                    var duplicates = 0
                    for index in state.unacknowledged + untouched {
                        let ack = try await agent.send(batches[index])
                        #expect(Set(ack.accepted + ack.duplicates) == Set(batches[index].map(\.resultID)))
                        #expect(Set(ack.accepted).isDisjoint(with: ack.duplicates))
                        // Nothing half-written: a batch was committed whole before the kill, or not at all.
                        #expect(ack.accepted.isEmpty || ack.duplicates.isEmpty, "batch \(index) was partly stored")
                        duplicates += ack.duplicates.count
                    }
                    let all = batches.flatMap { $0.map(\.resultID) }
                    let final = try await fixture.resultCounts(all)
                    #expect(final.count == all.count)
                    #expect(final.values.allSatisfy { $0 == 1 })
                    #expect(try await fixture.int("SELECT count(*) FROM results") == all.count)
                    #expect(duplicates % 40 == 0)
                    await second?.stop()
                    #expect(second?.isRunning == false, "\(second?.output ?? "")")
                } catch {
                    await first.stop()
                    await second?.stop()
                    throw error
                }
                await first.stop()
            }
        }
    }
}
