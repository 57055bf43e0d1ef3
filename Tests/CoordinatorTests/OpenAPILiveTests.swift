import CoordinatorCore
import Foundation
import Testing
import XCheckModel
import XCheckProtocol
import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension CoordinatorTests {
    /// The OpenAPI document the coordinator serves, held against the coordinator's real answers: one running
    /// coordinator is driven through every documented operation (successes and the error answers a client can
    /// provoke), and every answer the test received, including those of the simulated agents, must have a status
    /// the document lists for its operation, a Content-Type the document lists for that status, and a body that
    /// validates against that status's schema (`OpenAPISchemaValidator`, which also reports undocumented keys).
    @Suite("OpenAPI document against the running coordinator")
    struct OpenAPILiveTests {
        /// Documented operations this test does not drive, with the reason. Every other operation of the served
        /// document must be exercised at least once. (Statuses a client cannot provoke against a healthy
        /// coordinator, 500 and 503 and the 404 of `POST /v1/checks` for a check that disappears, are not
        /// operations and need no entry.)
        static let skipped: [String: String] = [:]

        @Test("every documented operation answers with a documented status, Content-Type and body")
        func liveAnswersMatchTheDocument() async throws {
            let receiver = try await AlertReceiver.start()
            try await receiver.using { try await Fixture.with { fixture in
                // Two agents in two regions with a monitored target (AlertTests.World), alerts that are confirmed
                // at once, and a webhook receiver: so that deliveries, verdicts and history have real entries.
                let world = try await AlertTests.World.make(fixture) { configuration in
                    configuration.alertConfirmations = 1
                    configuration.alertConfirmationTime = .zero
                    configuration.alertQuietPeriod = .zero
                    configuration.alertEvaluationInterval = .milliseconds(200)
                    configuration.alertDeliveryInterval = .milliseconds(100)
                    configuration.alertRetryDelays = [.milliseconds(100)]
                }
                let coordinator = world.coordinator
                let base = coordinator.baseURL
                let http = fixture.http
                let admin = world.admin
                let reader = try await fixture.userToken(coordinator, scope: .read)
                let checker = try await fixture.userToken(coordinator, scope: .check)
                var deletes: [HTTPResult] = []

                // The document, from the running coordinator.
                let served = try await http.get("\(base)/openapi.json")
                #expect(served.status == 200, "\(served)")
                let root = try JSONValue(parsing: Data(served.body))
                #expect(root["openapi"]?.string?.hasPrefix("3.1.") == true)
                let document = LiveDocument(root: root)

                // Operations.
                #expect(try await http.get("\(base)/healthz").status == 200)
                #expect(try await http.get("\(base)/metrics").status == 200)

                // The agent protocol: a heartbeat, a poll with no work, a batch sent twice (accepted, then duplicates).
                try await world.fra.heartbeat(inFlight: 1, spoolDepth: 2)
                _ = try await world.fra.poll(wait: 0)
                // Results of jobs the coordinator does not know (stored, acknowledged, part of no check or target).
                let strayJob = AgentJob(
                    jobID: UUID().uuidString.lowercased(), kind: .reachability, url: "http://panel.example:8080", username: nil,
                    password: nil, confirmAfterMilliseconds: nil, deadline: 0)
                let batch = [world.fra.answer(strayJob), world.fra.answer(strayJob, outcome: .connectionRefused)]
                #expect(try await world.fra.send(batch).accepted.count == 2)
                #expect(try await world.fra.send(batch).duplicates.count == 2)

                // A revoked agent, so that the agent list has every kind of record.
                _ = try await fixture.enrol(coordinator, name: "old-1", region: "eu")
                #expect(try await coordinator.coordinator.agents.revoke(name: "old-1"))

                // Alerts: a signed webhook for the target (delivered below) and a Telegram one, removed again.
                let hook = try await http.post(
                    "\(base)/v1/alerts", token: admin,
                    object: ["kind": "webhook", "url": "\(receiver.baseURL)/hook/\(UUID().uuidString)", "target_id": world.target.id, "sign": true])
                #expect(hook.status == 201, "\(hook)")
                let telegram = try await http.post(
                    "\(base)/v1/alerts", token: admin,
                    object: ["kind": "telegram", "bot_token": "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345678", "chat_id": "12345", "name": "chat"])
                #expect(telegram.status == 201, "\(telegram)")
                #expect(try await http.get("\(base)/v1/alerts", token: admin).status == 200)
                let telegramID = try telegram.decode(AlertDocument.self).id
                deletes.append(try await Self.delete("\(base)/v1/alerts/\(telegramID)", token: admin))
                #expect(deletes.last?.status == 204)

                // A verdict change the alert reports: both regions up, then eu loses the panel.
                try await world.send(world.fra, .ok)
                try await world.observe(world.nyc, .ok)
                try await eventually("the baseline is up") {
                    (try await world.tracker()["alerted"] as? [String: Any])?["verdict"] as? String == "up"
                }
                try await world.observe(world.fra, .notXtream)
                try await eventually("the alert was delivered", within: .seconds(60)) {
                    try await fixture.int("SELECT count(*) FROM alert_deliveries WHERE state = 'delivered'") == 1
                }

                // The target's views.
                let target = world.target.id
                #expect(try await http.get("\(base)/v1/targets", token: reader).status == 200)
                #expect(try await http.get("\(base)/v1/targets/\(target)", token: reader).status == 200)
                let history = try await http.get("\(base)/v1/targets/\(target)/history?limit=2", token: reader)
                #expect(history.status == 200)
                #expect(try history.decode(HistoryPage.self).next != nil, "the history should have a second page")
                #expect(try await http.get("\(base)/v1/targets/\(target)/history", token: reader).status == 200)
                #expect(try await http.get("\(base)/v1/targets/\(target)/verdict", token: reader).status == 200)
                #expect(try await http.get("\(base)/v1/targets/\(target)/verdict?window=600", token: reader).status == 200)
                let deliveries = try await http.get("\(base)/v1/targets/\(target)/deliveries", token: admin)
                #expect(deliveries.status == 200)
                #expect(try deliveries.decode([String: [AlertDeliveryDocument]].self)["deliveries"]?.count == 1)
                #expect(try await http.get("\(base)/v1/agents", token: reader).status == 200)

                // Targets: one with every field, one with the fewest; deleted again.
                let full = try await http.post(
                    "\(base)/v1/targets", token: admin,
                    object: [
                        "url": "http://other.example:8080", "username": "bob", "password": "pw-\(UUID().uuidString)",
                        "interval_seconds": 3600, "name": "other", "regions": ["us"], "public": true,
                    ])
                #expect(full.status == 201, "\(full)")
                let bare = try await http.post("\(base)/v1/targets", token: admin, object: ["url": "http://third.example", "interval_seconds": 60])
                #expect(bare.status == 201, "\(bare)")
                // Run one now; at once again is too soon; an unknown target is 404. (Deleting it drops the jobs.)
                let fullID = try full.decode(TargetDocument.self).id
                let run = try await http.post("\(base)/v1/targets/\(fullID)/run", token: admin, body: [])
                #expect(run.status == 200, "\(run)")
                let started = try run.decode(TargetRunDocument.self)
                #expect(started.targetID == fullID && started.agents <= 1, "only nyc-1 serves region us: \(started)")
                let again = try await http.post("\(base)/v1/targets/\(fullID)/run", token: admin, body: [])
                #expect(again.status == 429 && again.errorCode == "too_soon", "\(again)")
                #expect(try await http.post("\(base)/v1/targets/999999/run", token: admin, body: []).status == 404)
                for created in [full, bare] {
                    let id = try created.decode(TargetDocument.self).id
                    deletes.append(try await Self.delete("\(base)/v1/targets/\(id)", token: admin))
                    #expect(deletes.last?.status == 204)
                }

                // Ad-hoc checks, answered by both agents: complete; then fetched; then one reused.
                await fixture.stopAgents()
                let recorder = JobRecorder()
                fixture.serve(world.fra, recorder: recorder)
                fixture.serve(world.nyc, recorder: recorder)
                let check = try await http.post(
                    "\(base)/v1/checks", token: checker,
                    object: ["url": "http://panel.example:8080", "username": "carol", "password": "pw-\(UUID().uuidString)", "wait_seconds": 45])
                #expect(check.status == 200, "\(check)")
                let checkID = try check.decode(CheckDocument.self).id
                #expect(try await http.get("\(base)/v1/checks/\(checkID)", token: reader).status == 200)
                let reachability = try await http.post(
                    "\(base)/v1/checks", token: checker, object: ["url": "http://panel.example:8080", "regions": ["eu"], "wait_seconds": 45])
                #expect(reachability.status == 200, "\(reachability)")
                await fixture.stopAgents()
                #expect(recorder.errors.isEmpty, "\(recorder.errors)")
                // With nobody polling: a running check (wait 0).
                let running = try await http.post(
                    "\(base)/v1/checks", token: checker, object: ["url": "http://fourth.example", "wait_seconds": 0])
                #expect(running.status == 200, "\(running)")

                // Error answers.
                let agentToken = world.fra.token
                let bodyRoutes: [(path: String, token: String)] = [
                    ("/v1/agent/heartbeat", agentToken), ("/v1/agent/jobs/poll", agentToken), ("/v1/agent/results", agentToken),
                    ("/v1/checks", checker), ("/v1/targets", admin), ("/v1/alerts", admin),
                ]
                for (path, token) in bodyRoutes {
                    let notJSON = try await http.post("\(base)\(path)", token: token, body: Array("{\"url\": ".utf8))
                    #expect(notJSON.status == 400 && notJSON.errorCode == "invalid_json", "\(notJSON)")
                    let tooLarge = try await http.post("\(base)\(path)", token: token, body: Self.oversized)
                    #expect(tooLarge.status == 413 && tooLarge.errorCode == "body_too_large", "\(tooLarge)")
                    let anonymous = try await http.post("\(base)\(path)", body: Array("{}".utf8))
                    #expect(anonymous.status == 401 && anonymous.errorCode == "unauthorized", "\(anonymous)")
                }
                let outOfRange = try await http.post("\(base)/v1/agent/jobs/poll", token: agentToken, object: ["max_jobs": 1, "wait_seconds": 26])
                #expect(outOfRange.status == 400 && outOfRange.errorCode == "bad_request", "\(outOfRange)")

                // 403: a user on the agent API, an agent on the user API, too small a scope.
                let forbidden: [HTTPResult] = [
                    try await http.post("\(base)/v1/agent/heartbeat", token: admin, body: Array("{}".utf8)),
                    try await http.post("\(base)/v1/agent/jobs/poll", token: admin, object: ["max_jobs": 1, "wait_seconds": 0]),
                    try await http.post("\(base)/v1/agent/results", token: checker, body: Array("{\"results\": []}".utf8)),
                    try await http.get("\(base)/v1/agents", token: agentToken),
                    try await http.get("\(base)/v1/targets", token: agentToken),
                    try await http.get("\(base)/v1/targets/\(target)", token: agentToken),
                    try await http.get("\(base)/v1/targets/\(target)/history", token: agentToken),
                    try await http.get("\(base)/v1/targets/\(target)/verdict", token: agentToken),
                    try await http.get("\(base)/v1/checks/\(checkID)", token: agentToken),
                    try await http.post("\(base)/v1/checks", token: reader, object: ["url": "http://panel.example"]),
                    try await http.post("\(base)/v1/targets", token: checker, object: ["url": "http://panel.example", "interval_seconds": 60]),
                    try await http.get("\(base)/v1/targets/\(target)/deliveries", token: reader),
                    try await http.post("\(base)/v1/alerts", token: checker, object: ["kind": "webhook", "url": "https://hooks.example.net/x"]),
                    try await http.get("\(base)/v1/alerts", token: reader),
                ]
                for answer in forbidden {
                    #expect(answer.status == 403 && answer.errorCode == "forbidden", "\(answer)")
                }
                for url in ["/v1/targets/\(target)", "/v1/alerts/1"] {
                    deletes.append(try await Self.delete("\(base)\(url)", token: checker))
                    #expect(deletes.last?.status == 403, "\(deletes.last?.description ?? "")")
                    deletes.append(try await Self.delete("\(base)\(url)", token: nil))
                    #expect(deletes.last?.status == 401, "\(deletes.last?.description ?? "")")
                }
                #expect(try await http.get("\(base)/v1/agents").status == 401)
                #expect(try await http.get("\(base)/v1/targets/\(target)", token: IssuedToken.generate(.api).text).status == 401)

                // 404: unknown checks, targets and alerts.
                let missing: [HTTPResult] = [
                    try await http.get("\(base)/v1/checks/\(UUID().uuidString.lowercased())", token: reader),
                    try await http.get("\(base)/v1/checks/not-a-uuid", token: reader),
                    try await http.get("\(base)/v1/targets/987654", token: reader),
                    try await http.get("\(base)/v1/targets/abc", token: reader),
                    try await http.get("\(base)/v1/targets/987654/history", token: reader),
                    try await http.get("\(base)/v1/targets/987654/verdict", token: reader),
                    try await http.get("\(base)/v1/targets/987654/deliveries", token: admin),
                    try await http.post("\(base)/v1/alerts", token: admin, object: ["kind": "webhook", "url": "https://hooks.example.net/x", "target_id": 987_654]),
                ]
                for answer in missing {
                    #expect(answer.status == 404 && answer.errorCode == "not_found", "\(answer)")
                }
                for url in ["/v1/targets/987654", "/v1/alerts/987654", "/v1/alerts/abc"] {
                    deletes.append(try await Self.delete("\(base)\(url)", token: admin))
                    #expect(deletes.last?.status == 404, "\(deletes.last?.description ?? "")")
                }

                // 400: bad query parameters and out-of-range values.
                let badRequests: [HTTPResult] = [
                    try await http.get("\(base)/v1/targets/\(target)/history?limit=0", token: reader),
                    try await http.get("\(base)/v1/targets/\(target)/history?since=yesterday", token: reader),
                    try await http.get("\(base)/v1/targets/\(target)/verdict?window=5", token: reader),
                    try await http.get("\(base)/v1/targets/\(target)/deliveries?limit=1001", token: admin),
                    try await http.post("\(base)/v1/checks", token: checker, object: ["url": "http://panel.example", "wait_seconds": 61]),
                    try await http.post("\(base)/v1/targets", token: admin, object: ["url": "http://panel.example", "interval_seconds": 59]),
                    try await http.post("\(base)/v1/alerts", token: admin, object: ["kind": "webhook", "url": "https://hooks.example.net/x", "name": ""]),
                    try await http.post("\(base)/v1/agent/heartbeat", token: agentToken, object: [
                        "version": "1", "in_flight": -1, "max_concurrency": 1, "spool_depth": 0, "spool_dropped": 0,
                    ]),
                    try await http.post("\(base)/v1/agent/results", token: agentToken, body: Array("{\"results\": []}".utf8)),
                ]
                for answer in badRequests {
                    #expect(answer.status == 400 && answer.errorCode == "bad_request", "\(answer)")
                }

                // 422: unusable targets and alert destinations.
                let unprocessable: [HTTPResult] = [
                    try await http.post("\(base)/v1/checks", token: checker, object: ["url": "ftp://panel.example"]),
                    try await http.post("\(base)/v1/targets", token: admin, object: ["url": "http://panel.example:99999", "interval_seconds": 60]),
                    try await http.post("\(base)/v1/alerts", token: admin, object: ["kind": "webhook", "url": "ftp://hooks.example.net/x"]),
                ]
                for answer in unprocessable {
                    #expect(answer.status == 422, "\(answer)")
                }

                // Every answer against the document.
                let answers = http.responses + deletes
                for answer in answers {
                    let problems = document.problems(of: answer)
                    #expect(problems.isEmpty, "\(answer.method) \(answer.path) → \(answer.status):\n\(problems.joined(separator: "\n"))")
                }

                // Every documented operation was exercised, or is skipped with a reason.
                let exercised = Set(answers.compactMap { document.operation(of: $0) })
                let documented = document.operations
                #expect(!documented.isEmpty)
                let unexercised = documented.subtracting(exercised).subtracting(Self.skipped.keys)
                #expect(unexercised.isEmpty, "documented but never exercised: \(unexercised.sorted())")
                let stale = Set(Self.skipped.keys).subtracting(documented)
                #expect(stale.isEmpty, "skipped operations the document does not have: \(stale.sorted())")
                #expect(answers.allSatisfy { document.operation(of: $0) != nil }, "an answer to an undocumented route")

                // The check can fail: the same answers against a copy of the served document whose HealthStatus
                // says `database` is an integer.
                let corrupted = LiveDocument(
                    root: root.setting(["components", "schemas", "HealthStatus", "properties", "database", "type"], to: .string("integer")))
                let health = try #require(answers.first { $0.path == "/healthz" })
                #expect(corrupted.problems(of: health) == [#"GET /healthz 200 $.database: expected type integer, found "up""#])
            } }
        }

        /// Valid JSON, one byte over 1 MiB.
        static let oversized: [UInt8] = {
            let prefix = Array(#"{"url": "http://panel.example:8080", "padding": ""#.utf8)
            let suffix = Array(#""}"#.utf8)
            return prefix + [UInt8](repeating: UInt8(ascii: "a"), count: (1 << 20) + 1 - prefix.count - suffix.count) + suffix
        }()

        /// DELETE over a raw loopback socket, keeping the answer's header fields (which `HTTPClient.delete`
        /// drops): HTTP/1.1 with `Connection: close`, read to the end, off the cooperative pool.
        static func delete(_ url: String, token: String?) async throws -> HTTPResult {
            guard url.hasPrefix("http://127.0.0.1:") else { throw HTTPClient.Failure(description: "delete: only http://127.0.0.1 URLs") }
            let rest = url.dropFirst("http://127.0.0.1:".count)
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            guard let port = UInt16(rest[..<slash]) else { throw HTTPClient.Failure(description: "delete: no port in \(url)") }
            let path = String(rest[slash...])
            var head = "DELETE \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nContent-Length: 0\r\n"
            if let token { head += "Authorization: Bearer \(token)\r\n" }
            let request = Array((head + "\r\n").utf8)
            let raw = try await OffPool.run { () throws -> [UInt8] in
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                guard fd >= 0 else { throw HTTPClient.Failure(description: "socket() failed") }
                defer { close(fd) }
                var timeout = timeval(tv_sec: 60, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(port.bigEndian)
                address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                guard connected == 0 else { throw HTTPClient.Failure(description: "connect to 127.0.0.1:\(port) failed: errno \(errno)") }
                guard request.withUnsafeBytes({ send(fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else {
                    throw HTTPClient.Failure(description: "send failed: errno \(errno)")
                }
                var answer: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 16 << 10)
                while true {
                    let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
                    if n == 0 { break }
                    guard n > 0 else { throw HTTPClient.Failure(description: "recv failed: errno \(errno)") }
                    answer.append(contentsOf: buffer[0..<n])
                }
                return answer
            }
            var result = try HTTPClient.parse(raw, method: "DELETE", path: path)
            let text = String(decoding: raw, as: UTF8.self)
            let lines = text[..<(text.range(of: "\r\n\r\n")?.lowerBound ?? text.endIndex)].components(separatedBy: "\r\n").dropFirst()
            result.headers = lines.compactMap { line -> (name: String, value: String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            return result
        }
    }
}

extension CoordinatorTests.OpenAPILiveTests {
    /// The served document, read as a client would: the operation an answer belongs to, and what is wrong
    /// with the answer by the document's account.
    struct LiveDocument: Sendable {
        let root: JSONValue
        let validator: OpenAPISchemaValidator

        static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

        init(root: JSONValue) {
            self.root = root
            self.validator = OpenAPISchemaValidator(root: root)
        }

        /// "METHOD /template" of every operation.
        var operations: Set<String> {
            var operations: Set<String> = []
            for (path, item) in self.root["paths"]?.object ?? [:] {
                for method in (item.object ?? [:]).keys where Self.methods.contains(method) {
                    operations.insert("\(method.uppercased()) \(path)")
                }
            }
            return operations
        }

        /// The documented path template a concrete path (query dropped) matches, literal segments preferred.
        func template(of path: String) -> String? {
            let concrete = Self.segments(String(path.prefix { $0 != "?" }))
            let candidates = (self.root["paths"]?.object ?? [:]).keys.filter { template in
                let pattern = Self.segments(template)
                return pattern.count == concrete.count
                    && zip(pattern, concrete).allSatisfy { $0.hasPrefix("{") && $0.hasSuffix("}") ? !$1.isEmpty : $0 == $1 }
            }
            func parameters(_ template: String) -> Int { template.filter { $0 == "{" }.count }
            return candidates.min { parameters($0) < parameters($1) }
        }

        /// "METHOD /template" of an answer, if the document has that operation.
        func operation(of answer: HTTPResult) -> String? {
            guard let template = self.template(of: answer.path),
                self.root["paths"]?[template]?[answer.method.lowercased()] != nil
            else { return nil }
            return "\(answer.method) \(template)"
        }

        /// Everything the document says is wrong with `answer`: each line starts with the operation and status.
        func problems(of answer: HTTPResult) -> [String] {
            guard let operationName = self.operation(of: answer), let template = self.template(of: answer.path),
                let operation = self.root["paths"]?[template]?[answer.method.lowercased()]
            else { return ["\(answer.method) \(answer.path): no documented operation"] }
            let status = String(answer.status)
            let label = "\(operationName) \(status)"
            let responses = operation["responses"]?.object ?? [:]
            guard let listed = responses[status] else {
                return ["\(label): the status is not documented (documented: \(responses.keys.sorted().joined(separator: ", ")))"]
            }
            guard let response = OpenAPISchemaValidator.resolved(listed, in: self.root) else { return ["\(label): the response does not resolve"] }
            let content = response["content"]?.object ?? [:]
            let contentType = answer.header("Content-Type")
            guard !content.isEmpty else {
                return answer.body.isEmpty ? [] : ["\(label): no body is documented, found \(answer.body.count) bytes (Content-Type \(contentType ?? "none"))"]
            }
            guard let contentType else { return ["\(label): expected a Content-Type of \(content.keys.sorted()), found none"] }
            let mediaType = String(contentType.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces).lowercased()
            guard let media = content[mediaType] else {
                return ["\(label): expected a Content-Type of \(content.keys.sorted()), found \(contentType)"]
            }
            guard let schema = media["schema"] else { return ["\(label): \(mediaType) has no schema"] }
            let body: JSONValue
            if mediaType == "application/json" || mediaType.hasSuffix("+json") {
                do {
                    body = try JSONValue(parsing: Data(answer.body))
                } catch {
                    return ["\(label): the body is not JSON: \(answer.text.prefix(200))"]
                }
            } else {
                body = .string(answer.text)
            }
            return self.validator.validate(body, schema).map { "\(label) \($0)" }
        }

        static func segments(_ path: String) -> [String] {
            path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
