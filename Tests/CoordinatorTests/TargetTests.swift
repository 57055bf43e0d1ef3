import CoordinatorCore
import Foundation
import LibPQ
import Testing
import XCheckProtocol

extension CoordinatorTests {
    @Suite("Monitored targets")
    struct TargetTests {
        @Test("POST/GET/DELETE /v1/targets need the admin scope to change; intervals under 60 s are refused; no password is returned")
        func crud() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator()
                let admin = try await fixture.userToken(coordinator, scope: .admin)
                let checker = try await fixture.userToken(coordinator, scope: .check)
                let reader = try await fixture.userToken(coordinator, scope: .read)
                let base = coordinator.baseURL
                let password = "tgt-\(UUID().uuidString)"
                let body: [String: any Sendable] = [
                    "url": "http://panel.example:8080", "username": "alice", "password": password, "interval_seconds": 60,
                    "name": "main panel", "regions": ["eu"],
                ]

                for token in [checker, reader] {
                    let refused = try await fixture.http.post("\(base)/v1/targets", token: token, object: body)
                    #expect(refused.status == 403)
                    #expect(refused.errorCode == "forbidden")
                }
                let tooOften = try await fixture.http.post(
                    "\(base)/v1/targets", token: admin,
                    object: ["url": "http://panel.example:8080", "interval_seconds": 59])
                #expect(tooOften.status == 400)
                #expect(tooOften.errorCode == "bad_request")
                #expect(try await fixture.int("SELECT count(*) FROM targets") == 0)

                let created = try await fixture.http.post("\(base)/v1/targets", token: admin, object: body)
                #expect(created.status == 201, "\(created)")
                let target = try created.decode(TargetDocument.self)
                #expect(target.name == "main panel")
                #expect(target.url == "http://panel.example:8080")
                #expect(target.username == "alice")
                #expect(target.hasPassword)
                #expect(target.intervalSeconds == 60)
                #expect(target.regions == ["eu"])
                // The first run is spread over one interval.
                #expect(target.nextRunAt >= target.createdAt && target.nextRunAt <= target.createdAt + 61)
                // Stored sealed, never in the clear.
                #expect(try await fixture.int("SELECT count(*) FROM targets WHERE password_sealed IS NOT NULL AND strpos(encode(password_sealed, 'escape'), $1) = 0", [password]) == 1)

                let listed = try await fixture.http.get("\(base)/v1/targets", token: reader)
                #expect(listed.status == 200)
                #expect(try listed.decode([String: [TargetDocument]].self)["targets"] == [target])
                let one = try await fixture.http.get("\(base)/v1/targets/\(target.id)", token: reader)
                #expect(try one.decode(TargetDocument.self) == target)

                let notAllowed = try await fixture.http.delete("\(base)/v1/targets/\(target.id)", token: checker)
                #expect(notAllowed.status == 403)
                let deleted = try await fixture.http.delete("\(base)/v1/targets/\(target.id)", token: admin)
                #expect(deleted.status == 204)
                #expect(try await fixture.http.get("\(base)/v1/targets/\(target.id)", token: reader).status == 404)
                #expect(try await fixture.http.delete("\(base)/v1/targets/\(target.id)", token: admin).status == 404)
                #expect(try await fixture.http.get("\(base)/v1/targets/\(target.id)/history", token: reader).status == 404)

                for response in fixture.http.responses {
                    #expect(!response.text.contains(password), "\(response.method) \(response.path) returned the password")
                }
            }
        }

        @Test("the scheduler hands a due target's job to the agents of its regions and moves its next run one interval ahead")
        func schedulerHandsOutJobs() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator()
                let admin = try await fixture.userToken(coordinator, scope: .admin)
                let fra = try await fixture.enrol(coordinator, name: "fra-1", region: "eu")
                try await fra.heartbeat()
                let password = "tgt-\(UUID().uuidString)"
                let mine = try await fixture.http.post(
                    "\(coordinator.baseURL)/v1/targets", token: admin,
                    object: ["url": "http://panel.example:8080", "username": "alice", "password": password, "interval_seconds": 600]
                ).decode(TargetDocument.self)
                let elsewhere = try await fixture.http.post(
                    "\(coordinator.baseURL)/v1/targets", token: admin,
                    object: ["url": "http://other.example", "interval_seconds": 600, "regions": ["us"]]
                ).decode(TargetDocument.self)

                try await fixture.execute("UPDATE targets SET next_run_at = now()")
                let jobs = try await fra.poll(wait: 20)
                let job = try #require(jobs.first, "the scheduler gave the agent no job")
                #expect(jobs.count == 1)
                #expect(job.url == "http://panel.example:8080")
                #expect(job.kind == .login)
                #expect(job.username == "alice")
                #expect(job.password == password)
                #expect(try await fixture.int("SELECT count(*) FROM jobs WHERE target_id = $1", [mine.id]) == 1)

                try await eventually("both targets were scheduled") {
                    try await fixture.int("SELECT count(*) FROM targets WHERE next_run_at > now() + interval '500 seconds'") == 2
                }
                // Next run: the interval with at most ±10 % jitter.
                #expect(try await fixture.int(
                    "SELECT count(*) FROM targets WHERE next_run_at BETWEEN now() + interval '530 seconds' AND now() + interval '665 seconds'") == 2)
                // No agent in "us": no job for that target.
                #expect(try await fixture.int("SELECT count(*) FROM jobs WHERE target_id = $1", [elsewhere.id]) == 0)

                let ack = try await fra.send([fra.answer(job)])
                #expect(ack.accepted.count == 1)
                #expect(try await fixture.int("SELECT count(*) FROM results WHERE target_id = $1", [mine.id]) == 1)
                #expect(try await fixture.int("SELECT count(*) FROM jobs WHERE target_id = $1 AND state = 'done'", [mine.id]) == 1)
            }
        }

        @Test("history pages with since, limit and the next cursor cover every result exactly once, oldest first")
        func historyPaging() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator()
                let admin = try await fixture.userToken(coordinator, scope: .admin)
                let reader = try await fixture.userToken(coordinator, scope: .read)
                let fra = try await fixture.enrol(coordinator, name: "fra-1", region: "eu")
                let nyc = try await fixture.enrol(coordinator, name: "nyc-1", region: "us")
                try await fra.heartbeat()
                try await nyc.heartbeat()
                let target = try await fixture.http.post(
                    "\(coordinator.baseURL)/v1/targets", token: admin,
                    object: ["url": "http://panel.example:8080", "interval_seconds": 3600]
                ).decode(TargetDocument.self)
                try await fixture.execute("UPDATE targets SET next_run_at = now()")
                let fraJob = try #require(try await fra.poll(wait: 20).first)
                let nycJob = try #require(try await nyc.poll(wait: 20).first)

                // Many results per second (ties are broken by result id), two agents, and some from three days ago.
                let now = Int64(Date().timeIntervalSince1970)
                var started: [String: Int64] = [:]
                for (agent, job) in [(fra, fraJob), (nyc, nycJob)] {
                    var batch: [AgentResult] = []
                    for index in 0..<130 {
                        var result = agent.answer(job)
                        result.result.startedAt = now - Int64(index % 20) * 60
                        batch.append(result)
                    }
                    for index in 0..<15 {
                        var result = agent.answer(job)
                        result.result.startedAt = now - 3 * 86_400 - Int64(index)
                        batch.append(result)
                    }
                    for result in batch { started[result.resultID] = result.result.startedAt }
                    #expect(try await agent.send(batch).accepted.count == batch.count)
                }

                func pages(since: Int64?, limit: Int) async throws -> [HistoryPage.Entry] {
                    var entries: [HistoryPage.Entry] = []
                    var cursor: String?
                    for _ in 0..<1000 {
                        var query = ["limit=\(limit)"]
                        if let since { query.append("since=\(since)") }
                        if let cursor { query.append("after=\(cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor)") }
                        let answer = try await fixture.http.get(
                            "\(coordinator.baseURL)/v1/targets/\(target.id)/history?\(query.joined(separator: "&"))", token: reader)
                        #expect(answer.status == 200, "\(answer)")
                        let page = try answer.decode(HistoryPage.self)
                        #expect(page.results.count <= limit)
                        entries += page.results
                        guard let next = page.next else { return entries }
                        #expect(!page.results.isEmpty, "a page with a next cursor must not be empty")
                        cursor = next
                    }
                    throw HTTPClient.Failure(description: "history paging did not end")
                }

                for (since, limit) in [(now - 86_400, 7), (now - 86_400, 1), (nil, 13), (nil, 1000), (now - 600, 9)] as [(Int64?, Int)] {
                    let entries = try await pages(since: since, limit: limit)
                    let expected = started.filter { $0.value >= (since ?? 0) }
                    let ids = entries.map(\.resultID)
                    #expect(ids.count == Set(ids).count, "since \(since ?? 0), limit \(limit): a result appeared twice")
                    #expect(Set(ids) == Set(expected.keys), "since \(since ?? 0), limit \(limit): \(ids.count) results, expected \(expected.count)")
                    let order = entries.map { ($0.startedAt, $0.resultID) }
                    #expect(zip(order, order.dropFirst()).allSatisfy { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }, "not oldest first")
                    #expect(entries.allSatisfy { started[$0.resultID] == $0.startedAt })
                    #expect(Set(entries.map(\.agent.name)) == ["fra-1", "nyc-1"])
                }

                for bad in ["limit=0", "limit=1001", "since=-1", "since=yesterday", "after=nonsense"] {
                    let answer = try await fixture.http.get("\(coordinator.baseURL)/v1/targets/\(target.id)/history?\(bad)", token: reader)
                    #expect(answer.status == 400, "\(bad)")
                    #expect(answer.errorCode == "bad_request")
                }
            }
        }

        @Test("results land in daily partitions; the maintainer drops partitions past the retention")
        func partitions() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator()
                let fra = try await fixture.enrol(coordinator, name: "fra-1", region: "eu")
                try await fra.heartbeat()

                func partitionNames() async throws -> Set<String> {
                    Set(try await fixture.rows(
                        """
                        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                        JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'results'
                        """
                    ).map { try $0.decode(String.self, at: 0) })
                }
                func day(_ offset: Int) async throws -> String {
                    try await fixture.rows(
                        "SELECT to_char(now() AT TIME ZONE 'UTC' + make_interval(days => $1), 'YYYYMMDD')", [offset]
                    )[0].decode(String.self, at: 0)
                }
                let today = try await day(0)
                let names = try await partitionNames()
                for offset in -1...7 {
                    let name = "results_p\(try await day(offset))"
                    #expect(names.contains(name), "\(name) missing from \(names.sorted())")
                }
                #expect(names.contains("results_default"))

                // A result started now is stored in today's partition.
                let result = fra.answer(AgentJob(
                    jobID: UUID().uuidString.lowercased(), kind: .reachability, url: "http://panel.example:8080", username: nil,
                    password: nil, confirmAfterMilliseconds: nil, deadline: 0))
                _ = try await fra.send([result])
                let home = try await fixture.rows("SELECT tableoid::regclass::text FROM results WHERE result_id = $1::uuid", [result.resultID])
                #expect(try home.map { try $0.decode(String.self, at: 0) } == ["results_p\(today)"])

                // An old partition (with a row) and one within the retention, made by hand.
                let recent = try await day(-10)
                try await fixture.execute(
                    "CREATE TABLE results_p20200101 PARTITION OF results FOR VALUES FROM ('2020-01-01 00:00:00+00') TO ('2020-01-02 00:00:00+00')")
                let bounds = try await fixture.rows(
                    """
                    SELECT to_char(now() AT TIME ZONE 'UTC' - interval '10 days', 'YYYY-MM-DD'),
                           to_char(now() AT TIME ZONE 'UTC' - interval '9 days', 'YYYY-MM-DD')
                    """)[0]
                try await fixture.execute(
                    "CREATE TABLE results_p\(recent) PARTITION OF results FOR VALUES FROM ('\(try bounds.decode(String.self, at: 0)) 00:00:00+00') TO ('\(try bounds.decode(String.self, at: 1)) 00:00:00+00')")
                try await fixture.execute(
                    """
                    INSERT INTO results (result_id, started_at, agent_id, outcome, document)
                    VALUES (gen_random_uuid(), '2020-01-01 12:00:00+00', 1, 'ok', '{}')
                    """)
                #expect(try await fixture.int("SELECT count(*) FROM results_p20200101") == 1)

                let maintainer = PartitionMaintainer(pool: fixture.sql, daysAhead: 7, retentionDays: 30)
                let report = try await maintainer.run()
                #expect(report.dropped == ["results_p20200101"])
                #expect(report.created.isEmpty)
                let after = try await partitionNames()
                #expect(!after.contains("results_p20200101"))
                #expect(after.contains("results_p\(recent)"))
                #expect(after.contains("results_p\(today)"))
                #expect(try await fixture.int("SELECT count(*) FROM results WHERE started_at < '2021-01-01'") == 0)
                #expect(try await fixture.int("SELECT count(*) FROM results WHERE result_id = $1::uuid", [result.resultID]) == 1)

                // A shorter retention drops the recent one too; a second run has nothing left to do.
                let strict = PartitionMaintainer(pool: fixture.sql, daysAhead: 7, retentionDays: 5)
                #expect(try await strict.run().dropped == ["results_p\(recent)"])
                let idle = try await strict.run()
                #expect(idle.created.isEmpty && idle.dropped.isEmpty)
            }
        }

        @Test("a result from an agent whose clock runs ahead does not stop partition maintenance")
        func futureResultDoesNotBlockPartitions() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator()
                let fra = try await fixture.enrol(coordinator, name: "fra-1", region: "eu")
                try await fra.heartbeat()
                // Ten days ahead: past the partitions made in advance, so it lands in results_default.
                var result = fra.answer(AgentJob(
                    jobID: UUID().uuidString.lowercased(), kind: .reachability, url: "http://panel.example:8080", username: nil,
                    password: nil, confirmAfterMilliseconds: nil, deadline: 0))
                result.result.startedAt = Int64(Date().timeIntervalSince1970) + 10 * 86_400
                #expect(try await fra.send([result]).accepted == [result.resultID])
                let home = try await fixture.rows("SELECT tableoid::regclass::text FROM results WHERE result_id = $1::uuid", [result.resultID])
                #expect(try home.map { try $0.decode(String.self, at: 0) } == ["results_default"])

                // Three days later the maintainer must make the partition for that day (here: more days ahead).
                let later = PartitionMaintainer(pool: fixture.sql, daysAhead: 12, retentionDays: 30)
                await #expect(throws: Never.self) { try await later.run() }
                #expect(try await fixture.int("SELECT count(*) FROM results WHERE result_id = $1::uuid", [result.resultID]) == 1)
            }
        }
    }
}
