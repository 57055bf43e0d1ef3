import CoordinatorCore
import Foundation
import Testing
import XCheckProtocol

extension CoordinatorTests {
    @Suite("Two replicas on one database")
    struct ReplicaTests {
        @Test("an agent long-polling replica B gets the job of a check created on replica A, answers through B, and A answers complete")
        func jobCrossesReplicas() async throws {
            try await Fixture.with { fixture in
                let a = try await fixture.startCoordinator(label: "replica-a")
                let b = try await fixture.startCoordinator(label: "replica-b")
                let checker = try await fixture.userToken(a, scope: .check)
                let agent = try await fixture.enrol(a, name: "fra-1", region: "eu").on(b.baseURL)
                try await agent.heartbeat()

                // The agent's poll is held by B.
                try await fixture.execute("UPDATE agents SET last_seen_at = now() - interval '30 seconds'")
                let poll = Task { try await agent.poll(wait: 20) }
                try await eventually("the poll reached replica B") {
                    try await fixture.int("SELECT count(*) FROM agents WHERE last_seen_at > now() - interval '10 seconds'") == 1
                }
                let password = "pw-\(UUID().uuidString)"
                let check = Task {
                    try await fixture.http.post(
                        "\(a.baseURL)/v1/checks", token: checker,
                        object: ["url": "http://panel.example:8080", "username": "carol", "password": password, "wait_seconds": 45])
                }
                let jobs = try await bounded(.seconds(60), "the poll on replica B") { try await poll.value }
                let job = try #require(jobs.first, "replica B's poll returned no job")
                #expect(job.password == password, "replica B opened the password sealed by replica A")
                let answer = agent.answer(job)
                #expect(try await agent.send([answer]).accepted == [answer.resultID])

                let created = try await bounded(.seconds(90), "POST /v1/checks on replica A") { try await check.value }
                #expect(created.status == 200, "\(created)")
                let document = try created.decode(CheckDocument.self)
                #expect(document.status == "complete")
                #expect(document.vantages.map(\.agent.name) == ["fra-1"])
                #expect(document.vantages.first?.result == answer.result)
                // B serves the same document.
                let fromB = try await fixture.http.get("\(b.baseURL)/v1/checks/\(document.id)", token: checker).decode(CheckDocument.self)
                #expect(fromB.id == document.id && fromB.status == "complete")
            }
        }

        @Test("two agents, each polling a different replica, answer one ad-hoc check")
        func agentsOnBothReplicas() async throws {
            try await Fixture.with { fixture in
                let a = try await fixture.startCoordinator(label: "replica-a")
                let b = try await fixture.startCoordinator(label: "replica-b")
                let checker = try await fixture.userToken(b, scope: .check)
                let fra = try await fixture.enrol(a, name: "fra-1", region: "eu")
                let nyc = try await fixture.enrol(b, name: "nyc-1", region: "us")
                try await fra.heartbeat()
                try await nyc.heartbeat()
                let recorder = JobRecorder()
                fixture.serve(fra, recorder: recorder)
                fixture.serve(nyc, recorder: recorder)

                for (replica, other) in [(a, b), (b, a)] {
                    let created = try await fixture.http.post(
                        "\(replica.baseURL)/v1/checks", token: checker,
                        object: ["url": "http://panel-\(replica.port).example:8080", "username": "dave", "password": "pw", "wait_seconds": 45])
                    #expect(created.status == 200, "\(created)")
                    let document = try created.decode(CheckDocument.self)
                    #expect(document.status == "complete")
                    #expect(Set(document.vantages.map(\.agent.name)) == ["fra-1", "nyc-1"])
                    #expect(document.missing.isEmpty)
                    let elsewhere = try await fixture.http.get("\(other.baseURL)/v1/checks/\(document.id)", token: checker).decode(CheckDocument.self)
                    #expect(elsewhere.status == "complete")
                    #expect(elsewhere.vantages.map(\.result) == document.vantages.map(\.result))
                }
                // Each job went to exactly one agent, once.
                let jobIDs = recorder.jobs.map(\.job.jobID)
                #expect(jobIDs.count == 4)
                #expect(Set(jobIDs).count == 4)
                #expect(recorder.errors.isEmpty, "\(recorder.errors)")
            }
        }
    }
}
