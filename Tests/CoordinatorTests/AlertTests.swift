import CoordinatorCore
import Crypto
import Foundation
import LibPQ
import Testing
import XCheckModel
import XCheckProtocol
import XCheckTestSupport

extension CoordinatorTests {
    @Suite("Alerts on verdict changes")
    struct AlertTests {
        /// Two agents in two regions and networks with a job each for one monitored target, sending results whose
        /// start times increase (so "the latest result" is never a tie).
        struct World {
            let fixture: Fixture
            let coordinator: InProcessCoordinator
            let admin: String
            let target: TargetDocument
            let fra: SimulatedAgent
            let nyc: SimulatedAgent
            let fraJob: AgentJob
            let nycJob: AgentJob
            let clock = Shared<Int64>(Int64(Date().timeIntervalSince1970) - 120)
            let latest = Shared<[String: String]>([:])

            static func make(_ fixture: Fixture, configure: (inout CoordinatorConfiguration) -> Void) async throws -> World {
                let coordinator = try await fixture.startCoordinator(configure: configure)
                let admin = try await fixture.userToken(coordinator, scope: .admin)
                let fra = try await fixture.enrol(coordinator, name: "fra-1", region: "eu", network: "net-eu")
                let nyc = try await fixture.enrol(coordinator, name: "nyc-1", region: "us", network: "net-us")
                try await fra.heartbeat()
                try await nyc.heartbeat()
                let target = try await fixture.http.post(
                    "\(coordinator.baseURL)/v1/targets", token: admin,
                    object: ["url": "http://panel.example:8080", "interval_seconds": 600, "name": "main panel"]
                ).decode(TargetDocument.self)
                try await fixture.execute("UPDATE targets SET next_run_at = now()")
                let fraJob = try #require(try await fra.poll(wait: 20).first)
                let nycJob = try #require(try await nyc.poll(wait: 20).first)
                return World(
                    fixture: fixture, coordinator: coordinator, admin: admin, target: target, fra: fra, nyc: nyc, fraJob: fraJob,
                    nycJob: nycJob)
            }

            /// One result from `agent` with `outcome`; returns the evidence the coordinator will see next (the
            /// sorted latest result ids).
            @discardableResult
            func send(_ agent: SimulatedAgent, _ outcome: Outcome) async throws -> String {
                // Every result answers a run of its own (the coordinator keeps one result per job): a job of the
                // same target, claimed by this agent, like the scheduler's next run.
                var job = agent.name == self.fra.name ? self.fraJob : self.nycJob
                job.jobID = UUID().uuidString.lowercased()
                try await self.fixture.execute(
                    """
                    INSERT INTO jobs (id, agent_id, target_id, kind, state, deadline_at, claimed_at)
                    SELECT $1::uuid, id, $2, 'login', 'claimed', now() + interval '10 minutes', now() FROM agents WHERE name = $3
                    """,
                    [job.jobID, self.target.id, agent.name])
                var result = agent.answer(job, outcome: outcome)
                result.result.startedAt = self.clock.update { $0 += 1; return $0 }
                #expect(try await agent.send([result]).accepted == [result.resultID])
                let all = self.latest.update { latest -> [String: String] in
                    latest[agent.name] = result.resultID
                    return latest
                }
                return all.values.sorted().joined(separator: ",")
            }

            /// The tracker row of the target, as JSON.
            func tracker() async throws -> [String: Any] {
                guard let row = try await self.fixture.rows("SELECT tracker::text FROM target_alert_state WHERE target_id = $1", [self.target.id]).first,
                    let object = try JSONSerialization.jsonObject(with: Data(try row.decode(String.self, at: 0).utf8)) as? [String: Any]
                else { return [:] }
                return object
            }

            /// Sends and waits until the tracker has observed exactly these results.
            func observe(_ agent: SimulatedAgent, _ outcome: Outcome) async throws {
                let evidence = try await self.send(agent, outcome)
                try await eventually("the tracker observed \(agent.name) \(outcome.rawValue)") {
                    try await self.tracker()["lastEvidence"] as? String == evidence
                }
            }

            func deliveries() async throws -> [AlertDeliveryDocument] {
                let answer = try await self.fixture.http.get("\(self.coordinator.baseURL)/v1/targets/\(self.target.id)/deliveries", token: self.admin)
                #expect(answer.status == 200, "\(answer)")
                return try answer.decode([String: [AlertDeliveryDocument]].self)["deliveries"] ?? []
            }
        }

        @Test("a region losing the panel alerts exactly once after confirmation; flapping in the quiet period sends nothing; 503s are retried with back-off until delivered; the URL appears nowhere")
        func regionLosesPanel() async throws {
            let receiver = try await AlertReceiver.start { _, index in index < 2 ? 503 : 200 }
            try await receiver.using { try await Fixture.with { fixture in
                let world = try await World.make(fixture) { configuration in
                    configuration.alertConfirmations = 2
                    configuration.alertConfirmationTime = .zero
                    configuration.alertQuietPeriod = .seconds(3600)
                    configuration.alertEvaluationInterval = .milliseconds(200)
                    configuration.alertDeliveryInterval = .milliseconds(100)
                    configuration.alertRetryDelays = [.milliseconds(300), .milliseconds(600), .seconds(1)]
                }
                let base = world.coordinator.baseURL
                let secretPath = "/hook/\(UUID().uuidString)"
                let hookURL = receiver.baseURL + secretPath
                let created = try await fixture.http.post(
                    "\(base)/v1/alerts", token: world.admin,
                    object: ["kind": "webhook", "url": hookURL, "target_id": world.target.id, "sign": true, "name": "ops hook"])
                #expect(created.status == 201, "\(created)")
                let alert = try created.decode(AlertDocument.self)
                let signingSecret = try #require(alert.signingSecret)
                #expect(alert.destination == "\(receiver.baseURL)/…" && alert.signed && alert.targetID == world.target.id)

                // Baseline: both regions up (two observations with new results; fra alone is inconclusive).
                try await world.send(world.fra, .ok)
                try await world.observe(world.nyc, .ok)
                try await world.observe(world.fra, .ok)
                try await eventually("the baseline is up") {
                    (try await world.tracker()["alerted"] as? [String: Any])?["verdict"] as? String == "up"
                }

                // eu loses the panel (a block page instead of the panel): seen once, not confirmed yet.
                try await world.observe(world.fra, .notXtream)
                let candidate = try await world.tracker()["candidate"] as? [String: Any]
                #expect((candidate?["snapshot"] as? [String: Any])?["verdict"] as? String == "blocked_in_some_regions", "\(String(describing: candidate))")
                // Evaluations of the same results go on (every 200 ms) and must not confirm it.
                let evaluated = try await fixture.int("SELECT extract(epoch from evaluated_at)::int FROM target_alert_state WHERE target_id = $1", [world.target.id])
                try await eventually("two more evaluations") {
                    try await fixture.int("SELECT extract(epoch from evaluated_at)::int FROM target_alert_state WHERE target_id = $1", [world.target.id]) >= evaluated + 1
                }
                #expect(try await fixture.int("SELECT count(*) FROM alert_deliveries") == 0)
                #expect(receiver.received.isEmpty)

                // The second observation with new results confirms it: one delivery.
                try await world.observe(world.nyc, .ok)
                try await eventually("one delivery queued") { try await fixture.int("SELECT count(*) FROM alert_deliveries") == 1 }

                // Flapping within the quiet period: back up (confirmed, held), down again, up, down: nothing more.
                for outcome in [Outcome.ok, .notXtream, .ok, .notXtream] {
                    try await world.observe(world.fra, outcome)
                    try await world.observe(world.nyc, .ok)
                }
                #expect(try await fixture.int("SELECT count(*) FROM alert_deliveries") == 1)

                // Delivered on the third attempt, after two 503s, with growing gaps.
                try await eventually("delivered", within: .seconds(60)) {
                    try await fixture.int("SELECT count(*) FROM alert_deliveries WHERE state = 'delivered'") == 1
                }
                let posts = receiver.received(path: secretPath)
                #expect(posts.count == 3, "\(posts.map(\.text))")
                if posts.count == 3 {
                    #expect(posts[1].arrival - posts[0].arrival >= .milliseconds(300))
                    #expect(posts[2].arrival - posts[1].arrival >= .milliseconds(600))
                }
                let ids = Set(posts.compactMap { $0.headers["x-xcheck-event-id"] })
                #expect(ids.count == 1, "every attempt carries the same event id")

                // The event: before/after overall and per region; the region that lost the panel.
                let last = try #require(posts.last)
                let event = try JSONDecoder().decode(AlertEvent.self, from: Data(last.body))
                #expect(event.version == 1 && event.type == "verdict_changed" && ids.first == event.eventID)
                #expect(event.target.id == world.target.id && event.target.name == "main panel")
                #expect(event.before.verdict == .up && event.after.verdict == .blockedInSomeRegions)
                #expect(event.before.regions == [.init(region: "eu", verdict: .up), .init(region: "us", verdict: .up)])
                #expect(event.after.regions == [.init(region: "eu", verdict: .blocked), .init(region: "us", verdict: .up)])
                #expect(event.changes == [AlertEvent.RegionChange(region: "eu", before: .up, after: .blocked)])
                #expect(event.rule == .regionalBlocking)
                #expect(last.headers["content-type"] == "application/json")

                // The signature verifies with the secret given once.
                let signature = try #require(last.headers["x-xcheck-signature"])
                let parts = Dictionary(uniqueKeysWithValues: signature.split(separator: ",").map { part in
                    let pair = part.split(separator: "=", maxSplits: 1)
                    return (String(pair[0]), String(pair[1]))
                })
                let mac = HMAC<SHA256>.authenticationCode(
                    for: Array("\(parts["t"] ?? "").".utf8) + last.body, using: SymmetricKey(data: Array(signingSecret.utf8)))
                #expect(parts["v1"] == mac.map { String(format: "%02x", $0) }.joined())

                // The delivery log: three attempts, delivered, status 200, the event.
                let log = try await world.deliveries()
                #expect(log.count == 1)
                let entry = try #require(log.first)
                #expect(entry.state == .delivered && entry.attempts == 3 && entry.lastStatus == 200 && entry.alertID == alert.id)
                #expect(entry.alertName == "ops hook" && entry.deliveredAt != nil && entry.nextAttemptAt == nil)
                #expect(entry.event == event)

                // The URL (and the signing secret, after its one answer) appear in no API answer and no table.
                let listed = try await fixture.http.get("\(base)/v1/alerts", token: world.admin)
                #expect(try listed.decode([String: [AlertDocument]].self)["alerts"]?.map(\.id) == [alert.id])
                for response in fixture.http.responses {
                    #expect(!response.text.contains(secretPath), "\(response.method) \(response.path) returned the webhook URL")
                    if response.path != "/v1/alerts" || response.method != "POST" {
                        #expect(!response.text.contains(signingSecret), "\(response.method) \(response.path) returned the signing secret")
                    }
                }
                let tables = try await fixture.rows(
                    """
                    SELECT coalesce(string_agg(d.event::text || coalesce(d.last_error, ''), ' '), '') ||
                           (SELECT string_agg(name || destination_hint || coalesce(encode(destination_sealed, 'escape'), ''), ' ') FROM alerts)
                    FROM alert_deliveries d
                    """)
                let dump = try tables[0].decode(String.self, at: 0)
                #expect(!dump.contains(secretPath) && !dump.contains(signingSecret))
            } }
        }

        @Test("Telegram and Discord formats reach their receivers; a 404 fails at once; an unreachable URL is retried, then given up; the log never quotes a URL or token")
        func formatsAndFailures() async throws {
            let receiver = try await AlertReceiver.start { path, _ in path.hasPrefix("/gone") ? 404 : 200 }
            try await receiver.using { try await Fixture.with { fixture in
                let world = try await World.make(fixture) { configuration in
                    configuration.alertConfirmations = 1
                    configuration.alertConfirmationTime = .zero
                    configuration.alertQuietPeriod = .zero
                    configuration.alertEvaluationInterval = .milliseconds(200)
                    configuration.alertDeliveryInterval = .milliseconds(100)
                    configuration.alertRetryDelays = [.milliseconds(100), .milliseconds(100)]
                    configuration.alertRequestTimeout = .seconds(5)
                    configuration.telegramBaseURL = receiver.baseURL
                }
                let base = world.coordinator.baseURL
                let botToken = "123456:\(UUID().uuidString.replacing("-", with: ""))"
                let discordPath = "/api/webhooks/42/\(UUID().uuidString)"
                let gonePath = "/gone/\(UUID().uuidString)"
                let closed = LoopbackSockets.closedPort()
                let unreachable = "http://127.0.0.1:\(closed)/hook/\(UUID().uuidString)"
                let bodies: [[String: any Sendable]] = [
                    ["kind": "telegram", "bot_token": botToken, "chat_id": "-100777"],
                    ["kind": "discord", "url": receiver.baseURL + discordPath],
                    ["kind": "webhook", "url": receiver.baseURL + gonePath, "name": "gone"],
                    ["kind": "webhook", "url": unreachable, "name": "unreachable"],
                ]
                for body in bodies {
                    let answer = try await fixture.http.post("\(base)/v1/alerts", token: world.admin, object: body)
                    #expect(answer.status == 201, "\(answer)")
                }

                try await world.send(world.fra, .ok)
                try await world.observe(world.nyc, .ok)
                try await eventually("the baseline is up") {
                    (try await world.tracker()["alerted"] as? [String: Any])?["verdict"] as? String == "up"
                }
                try await world.observe(world.fra, .notXtream)
                try await eventually("four deliveries queued") { try await fixture.int("SELECT count(*) FROM alert_deliveries") == 4 }
                try await eventually("every delivery settled", within: .seconds(60)) {
                    try await fixture.int("SELECT count(*) FROM alert_deliveries WHERE state = 'pending'") == 0
                }

                let telegram = try #require(receiver.received(path: "/bot\(botToken)/sendMessage").first, "\(receiver.received.map(\.path))")
                let message = try telegram.json()
                #expect(message["chat_id"] as? String == "-100777" && message["parse_mode"] as? String == "HTML")
                #expect((message["text"] as? String)?.contains("eu: up → blocked") == true, "\(message)")
                let discord = try #require(receiver.received(path: discordPath).first)
                let embed = try #require((try discord.json()["embeds"] as? [[String: Any]])?.first)
                #expect((embed["title"] as? String)?.hasPrefix("main panel: now blocked in some regions") == true, "\(embed)")

                let log = try await world.deliveries()
                #expect(log.count == 4)
                let byName = Dictionary(uniqueKeysWithValues: log.map { ($0.alertName ?? "", $0) })
                let gone = try #require(byName["gone"])
                #expect(gone.state == .failed && gone.attempts == 1 && gone.lastStatus == 404)
                #expect(gone.lastError?.contains("HTTP 404, not retried") == true, "\(String(describing: gone.lastError))")
                let lost = try #require(byName["unreachable"])
                #expect(lost.state == .failed && lost.attempts == 3 && lost.lastStatus == nil)
                #expect(lost.lastError?.contains("gave up after 3 attempts") == true, "\(String(describing: lost.lastError))")
                #expect(log.filter { $0.state == .delivered }.count == 2)
                for response in fixture.http.responses {
                    for secret in [botToken, discordPath, gonePath, unreachable] {
                        #expect(!response.text.contains(secret), "\(response.method) \(response.path) returned a destination")
                    }
                }
                let unreachablePath = String(unreachable.dropFirst("http://127.0.0.1:\(closed)".count))
                for secret in [botToken, discordPath, gonePath, unreachablePath] {
                    #expect(try await fixture.int(
                        "SELECT count(*) FROM alert_deliveries WHERE strpos(coalesce(last_error, '') || event::text, $1) > 0", [secret]) == 0)
                }
            } }
        }

        @Test("the alerts API: admin only, validated bodies, redacted lists, delete; removing an alert fails its pending deliveries")
        func api() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator()
                let admin = try await fixture.userToken(coordinator, scope: .admin)
                let reader = try await fixture.userToken(coordinator, scope: .read)
                let checker = try await fixture.userToken(coordinator, scope: .check)
                let base = coordinator.baseURL
                let url = "https://hooks.example.net/services/\(UUID().uuidString)"
                for token in [reader, checker] {
                    #expect(try await fixture.http.post("\(base)/v1/alerts", token: token, object: ["kind": "webhook", "url": url]).status == 403)
                    #expect(try await fixture.http.get("\(base)/v1/alerts", token: token).status == 403)
                    #expect(try await fixture.http.delete("\(base)/v1/alerts/1", token: token).status == 403)
                }
                let bad: [([String: any Sendable], Int, String)] = [
                    (["kind": "pager", "url": url], 400, "invalid_json"),
                    (["url": url], 400, "invalid_json"),
                    (["kind": "webhook"], 422, "invalid_alert"),
                    (["kind": "webhook", "url": "ftp://hooks.example.net/x"], 422, "invalid_alert"),
                    (["kind": "webhook", "url": "https://user:pw@hooks.example.net/x"], 422, "invalid_alert"),
                    (["kind": "telegram", "bot_token": "nope", "chat_id": "1"], 422, "invalid_alert"),
                    (["kind": "telegram", "bot_token": "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345678"], 422, "invalid_alert"),
                    (["kind": "discord", "url": url, "sign": true], 422, "invalid_alert"),
                    (["kind": "webhook", "url": url, "target_id": 999_999], 404, "not_found"),
                    (["kind": "webhook", "url": url, "name": ""], 400, "bad_request"),
                ]
                for (body, status, code) in bad {
                    let answer = try await fixture.http.post("\(base)/v1/alerts", token: admin, object: body)
                    #expect(answer.status == status && answer.errorCode == code, "\(body): \(answer)")
                    #expect(!answer.text.contains("hooks.example.net/services"), "an error quoted the URL: \(answer)")
                }
                let created = try await fixture.http.post("\(base)/v1/alerts", token: admin, object: ["kind": "webhook", "url": url])
                #expect(created.status == 201, "\(created)")
                let alert = try created.decode(AlertDocument.self)
                #expect(alert.destination == "https://hooks.example.net/…" && !alert.signed && alert.signingSecret == nil && alert.targetID == nil)
                #expect(alert.name == "webhook https://hooks.example.net/…")
                let telegram = try await fixture.http.post(
                    "\(base)/v1/alerts", token: admin,
                    object: ["kind": "telegram", "bot_token": "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345678", "chat_id": "12345"])
                #expect(try telegram.decode(AlertDocument.self).destination == "telegram chat 12345")
                let listed = try await fixture.http.get("\(base)/v1/alerts", token: admin)
                #expect(try listed.decode([String: [AlertDocument]].self)["alerts"]?.count == 2)
                #expect(!listed.text.contains("services/") && !listed.text.contains("ABCdefGHI"))

                // A pending delivery of the alert fails when the alert is removed; its log stays.
                let target = try await fixture.http.post("\(base)/v1/targets", token: admin, object: ["url": "http://panel.example", "interval_seconds": 600])
                    .decode(TargetDocument.self)
                try await fixture.execute(
                    """
                    INSERT INTO alert_deliveries (alert_id, alert_name, target_id, event_id, event, next_attempt_at)
                    VALUES ($1, 'x', $2, gen_random_uuid(), '{}', now() + interval '1 hour')
                    """,
                    [alert.id, target.id])
                #expect(try await fixture.http.delete("\(base)/v1/alerts/\(alert.id)", token: admin).status == 204)
                #expect(try await fixture.http.delete("\(base)/v1/alerts/\(alert.id)", token: admin).status == 404)
                #expect(try await fixture.int("SELECT count(*) FROM alert_deliveries WHERE state = 'failed' AND alert_id IS NULL AND last_error = 'the alert was removed'") == 1)
                #expect(try await fixture.http.get("\(base)/v1/targets/999999/deliveries", token: admin).status == 404)
                #expect(try await fixture.http.get("\(base)/v1/targets/\(target.id)/deliveries", token: reader).status == 403)
                #expect(try await fixture.http.get("\(base)/v1/targets/\(target.id)/deliveries?limit=0", token: admin).status == 400)
            }
        }
    }
}
