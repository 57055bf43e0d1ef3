import CoordinatorCore
import Foundation
import Testing
import XCheckProtocol

extension CoordinatorTests {
    @Suite("Ad-hoc checks")
    struct AdHocCheckTests {
        @Test("two agents answer: complete; an identical check is reused; GET returns the same document; the password stays out of every answer and of the results")
        func fanOutAndReuse() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator()
                let fra = try await fixture.enrol(coordinator, name: "fra-1", region: "eu", network: "hetzner")
                let nyc = try await fixture.enrol(coordinator, name: "nyc-1", region: "us", network: "ovh")
                let checker = try await fixture.userToken(coordinator, scope: .check)
                try await fra.heartbeat()
                try await nyc.heartbeat()
                let recorder = JobRecorder()
                fixture.serve(fra, recorder: recorder)
                fixture.serve(nyc, recorder: recorder)

                let password = "s3cret-\(UUID().uuidString)"
                let request: [String: any Sendable] = [
                    "url": "http://panel.example:8080", "username": "alice", "password": password, "wait_seconds": 45,
                ]
                let created = try await fixture.http.post("\(coordinator.baseURL)/v1/checks", token: checker, object: request)
                #expect(created.status == 200, "\(created)")
                let document = try created.decode(CheckDocument.self)
                #expect(document.status == "complete")
                #expect(document.kind == "login")
                #expect(document.url == "http://panel.example:8080")
                #expect(document.username == "alice")
                #expect(document.reused == false)
                #expect(document.missing.isEmpty)
                #expect(Set(document.vantages.map(\.agent.name)) == ["fra-1", "nyc-1"])
                #expect(document.vantages.allSatisfy { $0.result.outcome == .ok })
                #expect(document.finishedAt != nil)

                // The agents were given the password (and only login jobs carry it).
                let jobs = recorder.jobs
                #expect(jobs.count == 2)
                #expect(jobs.allSatisfy { $0.job.password == password && $0.job.kind == .login && $0.job.username == "alice" })

                // The same check again within 30 s: the same id, reused.
                let again = try await fixture.http.post("\(coordinator.baseURL)/v1/checks", token: checker, object: request)
                let reused = try again.decode(CheckDocument.self)
                #expect(reused.id == document.id)
                #expect(reused.reused == true)
                #expect(recorder.jobs.count == 2, "a reused check must not make new jobs")

                // GET returns the same document.
                let fetched = try await fixture.http.get("\(coordinator.baseURL)/v1/checks/\(document.id)", token: checker)
                #expect(fetched.status == 200)
                let later = try fetched.decode(CheckDocument.self)
                #expect(later.id == document.id)
                #expect(later.status == document.status)
                #expect(later.kind == document.kind)
                #expect(later.url == document.url)
                #expect(later.username == document.username)
                #expect(later.createdAt == document.createdAt)
                #expect(later.finishedAt == document.finishedAt)
                #expect(later.missing == document.missing)
                #expect(later.vantages.map(\.agent) == document.vantages.map(\.agent))
                #expect(later.vantages.map(\.result) == document.vantages.map(\.result))
                #expect(later.vantages.map(\.receivedAt) == document.vantages.map(\.receivedAt))

                // The password: in no answer except the agents' polls, in no stored result, and no longer sealed
                // in the finished check.
                for response in fixture.http.responses where response.path != "/v1/agent/jobs/poll" {
                    #expect(!response.text.contains(password), "\(response.method) \(response.path) returned the password")
                }
                #expect(try await fixture.int(
                    "SELECT count(*) FROM results WHERE strpos(document::text, $1) > 0 OR strpos(coalesce(confirmation::text, ''), $1) > 0",
                    [password]) == 0)
                #expect(try await fixture.int("SELECT count(*) FROM results WHERE check_id = $1::uuid", [document.id]) == 2)
                #expect(try await fixture.int(
                    "SELECT count(*) FROM checks WHERE id = $1::uuid AND finished_at IS NOT NULL AND password_sealed IS NULL",
                    [document.id]) == 1)
                #expect(recorder.errors.isEmpty, "\(recorder.errors)")
            }
        }

        @Test("an agent that does not answer is listed as missing; once the check expires its password is removed")
        func missingAgent() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator { configuration in
                    configuration.adHocJobLifetime = .seconds(6)
                }
                let fra = try await fixture.enrol(coordinator, name: "fra-1", region: "eu")
                let silent = try await fixture.enrol(coordinator, name: "syd-1", region: "ap")
                let checker = try await fixture.userToken(coordinator, scope: .check)
                try await fra.heartbeat()
                try await silent.heartbeat()
                let recorder = JobRecorder()
                fixture.serve(fra, recorder: recorder)

                let password = "pw-\(UUID().uuidString)"
                let created = try await fixture.http.post(
                    "\(coordinator.baseURL)/v1/checks", token: checker,
                    object: ["url": "http://panel.example:8080", "username": "bob", "password": password, "wait_seconds": 3])
                let document = try created.decode(CheckDocument.self)
                #expect(document.vantages.map(\.agent.name) == ["fra-1"])
                #expect(document.missing.map(\.name) == ["syd-1"])
                #expect(document.missing.map(\.region) == ["ap"])
                #expect(document.status == "running")
                #expect(document.finishedAt == nil)

                // The job's lifetime runs out: the maintenance loop finishes the check and removes its password.
                try await eventually("the unanswered check expires", within: .seconds(60)) {
                    try await fixture.int(
                        "SELECT count(*) FROM checks WHERE id = $1::uuid AND finished_at IS NOT NULL AND password_sealed IS NULL",
                        [document.id]) == 1
                }
                let later = try await fixture.http.get("\(coordinator.baseURL)/v1/checks/\(document.id)", token: checker).decode(CheckDocument.self)
                #expect(later.status == "partial")
                #expect(later.missing.map(\.name) == ["syd-1"])
                #expect(later.vantages.map(\.agent.name) == ["fra-1"])
                for response in fixture.http.responses where response.path != "/v1/agent/jobs/poll" {
                    #expect(!response.text.contains(password))
                }
            }
        }

        @Test("regions choose the vantages")
        func regionsFilter() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator()
                let agents = [
                    try await fixture.enrol(coordinator, name: "fra-1", region: "eu"),
                    try await fixture.enrol(coordinator, name: "ams-1", region: "eu"),
                    try await fixture.enrol(coordinator, name: "nyc-1", region: "us"),
                    try await fixture.enrol(coordinator, name: "syd-1", region: "ap"),
                ]
                let checker = try await fixture.userToken(coordinator, scope: .check)
                let recorder = JobRecorder()
                for agent in agents {
                    try await agent.heartbeat()
                    fixture.serve(agent, recorder: recorder)
                }

                let eu = try await fixture.http.post(
                    "\(coordinator.baseURL)/v1/checks", token: checker,
                    object: ["url": "http://panel.example:8080", "regions": ["eu"], "wait_seconds": 45]).decode(CheckDocument.self)
                #expect(eu.status == "complete")
                #expect(Set(eu.vantages.map(\.agent.name)) == ["fra-1", "ams-1"])
                #expect(eu.missing.isEmpty)

                let two = try await fixture.http.post(
                    "\(coordinator.baseURL)/v1/checks", token: checker,
                    object: ["url": "http://panel.example:8080", "regions": ["us", "ap"], "wait_seconds": 45]).decode(CheckDocument.self)
                #expect(two.id != eu.id, "different regions are a different check")
                #expect(Set(two.vantages.map(\.agent.name)) == ["nyc-1", "syd-1"])

                let all = try await fixture.http.post(
                    "\(coordinator.baseURL)/v1/checks", token: checker,
                    object: ["url": "http://panel.example:8080", "wait_seconds": 45]).decode(CheckDocument.self)
                #expect(Set(all.vantages.map(\.agent.name)) == ["fra-1", "ams-1", "nyc-1", "syd-1"])
                // Reachability checks (no credentials) carry no password.
                #expect(recorder.jobs.allSatisfy { $0.job.kind == .reachability && $0.job.password == nil })
                #expect(recorder.jobs.count == 8)
            }
        }

        @Test("two agents answering at the same moment finish the check and remove its password")
        func simultaneousAnswersFinishTheCheck() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator()
                let fra = try await fixture.enrol(coordinator, name: "fra-1", region: "eu")
                let nyc = try await fixture.enrol(coordinator, name: "nyc-1", region: "us")
                let checker = try await fixture.userToken(coordinator, scope: .check)
                try await fra.heartbeat()
                try await nyc.heartbeat()
                var ids: [String] = []
                for round in 0..<25 {
                    let created = try await fixture.http.post(
                        "\(coordinator.baseURL)/v1/checks", token: checker,
                        object: ["url": "http://panel.example:8080", "username": "user\(round)", "password": "pw-\(round)-\(UUID().uuidString)", "wait_seconds": 0])
                    let check = try created.decode(CheckDocument.self)
                    ids.append(check.id)
                    let a = try #require(try await fra.poll(wait: 10).first)
                    let b = try #require(try await nyc.poll(wait: 10).first)
                    async let sentA = fra.send([fra.answer(a)])
                    async let sentB = nyc.send([nyc.answer(b)])
                    _ = try await (sentA, sentB)
                }
                let literal = "{" + ids.joined(separator: ",") + "}"
                let unfinished = try await fixture.rows(
                    "SELECT id::text FROM checks WHERE id = ANY($1::uuid[]) AND (finished_at IS NULL OR password_sealed IS NOT NULL)",
                    [literal]
                ).map { try $0.decode(String.self, at: 0) }
                #expect(unfinished.isEmpty, "\(unfinished.count) of \(ids.count) answered checks still unfinished, their passwords still stored")
                for id in ids {
                    let document = try await fixture.http.get("\(coordinator.baseURL)/v1/checks/\(id)", token: checker).decode(CheckDocument.self)
                    #expect(document.status == "complete")
                }
            }
        }

        @Test("identical checks sent at the same moment are coalesced into one; a different password is a different check")
        func concurrentIdenticalChecksCoalesce() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator()
                let fra = try await fixture.enrol(coordinator, name: "fra-1", region: "eu")
                let nyc = try await fixture.enrol(coordinator, name: "nyc-1", region: "us")
                let checker = try await fixture.userToken(coordinator, scope: .check)
                try await fra.heartbeat()
                try await nyc.heartbeat()
                let recorder = JobRecorder()
                fixture.serve(fra, recorder: recorder)
                fixture.serve(nyc, recorder: recorder)

                let request: [String: any Sendable] = [
                    "url": "http://panel.example:8080", "username": "erin", "password": "first", "wait_seconds": 45,
                ]
                let documents = try await withThrowingTaskGroup(of: CheckDocument.self) { group in
                    for _ in 0..<6 {
                        group.addTask {
                            try await fixture.http.post("\(coordinator.baseURL)/v1/checks", token: checker, object: request).decode(CheckDocument.self)
                        }
                    }
                    var all: [CheckDocument] = []
                    for try await document in group { all.append(document) }
                    return all
                }
                #expect(Set(documents.map(\.id)).count == 1)
                #expect(documents.filter { !$0.reused }.count == 1)
                #expect(documents.allSatisfy { $0.status == "complete" && $0.vantages.count == 2 })
                #expect(try await fixture.int("SELECT count(*) FROM checks") == 1)
                #expect(try await fixture.int("SELECT count(*) FROM jobs") == 2)

                var other = request
                other["password"] = "second"
                let different = try await fixture.http.post("\(coordinator.baseURL)/v1/checks", token: checker, object: other).decode(CheckDocument.self)
                #expect(different.id != documents[0].id)
                #expect(!different.reused)
                #expect(recorder.jobs.filter { $0.job.password == "second" }.count == 2)
            }
        }
    }
}
