import CoordinatorCore
import Foundation
import Testing
import XCheckModel
import XCheckProtocol

extension CoordinatorTests {
    @Suite("Bad input")
    struct BadInputTests {
        /// Who sends a request.
        enum Who: Sendable {
            case nobody, agent, revokedAgent, unknownAgent, wrongSecretAgent, reader, checker, admin, revokedUser, unknownUser
            case header(String)
        }

        enum Method: Sendable { case get, post, delete }

        /// One bad request and the answer it must get.
        struct Case: Sendable, CustomStringConvertible {
            var name: String
            var method: Method = .post
            var path: String
            var who: Who
            var body: [UInt8] = []
            var status: Int
            var code: String
            /// The exact error message, when it is part of the contract.
            var message: String? = nil

            var description: String { self.name }
        }

        static func json(_ text: String) -> [UInt8] { Array(text.utf8) }

        static func json(_ object: [String: any Sendable]) -> [UInt8] {
            Array((try? JSONSerialization.data(withJSONObject: object)) ?? Data())
        }

        /// The input parser's own message for `url`.
        static func parserMessage(_ url: String) -> String {
            do {
                _ = try TargetParser.parse(url: url)
                return "(accepted)"
            } catch {
                return error.message
            }
        }

        static func batch(resultID: String, jobID: String, count: Int = 1, detail: String? = nil) -> [UInt8] {
            var result = SimulatedAgent.probeResult(url: "http://panel.example:8080", username: nil)
            if let detail { result.detail = detail }
            let item = AgentResult(resultID: resultID, jobID: jobID, result: result, confirmation: nil)
            return Array((try? JSONEncoder().encode(AgentResultBatch(results: Array(repeating: item, count: count)))) ?? Data())
        }

        static let oversized: [UInt8] = {
            // Valid JSON, one byte over 1 MiB.
            let prefix = Array(#"{"url": "http://panel.example:8080", "padding": ""#.utf8)
            let suffix = Array(#""}"#.utf8)
            return prefix + [UInt8](repeating: UInt8(ascii: "a"), count: (1 << 20) + 1 - prefix.count - suffix.count) + suffix
        }()

        static let cases: [Case] = {
            let uuid = UUID().uuidString.lowercased()
            var cases: [Case] = [
                // Malformed JSON: 400 invalid_json.
                Case(name: "truncated JSON on /v1/checks", path: "/v1/checks", who: .checker, body: json(#"{"url": "#), status: 400, code: "invalid_json"),
                Case(name: "not JSON on the heartbeat", path: "/v1/agent/heartbeat", who: .agent, body: json("hello"), status: 400, code: "invalid_json"),
                Case(name: "truncated result batch", path: "/v1/agent/results", who: .agent, body: json(#"{"results": ["#), status: 400, code: "invalid_json"),
                Case(name: "url of the wrong type", path: "/v1/checks", who: .checker, body: json(#"{"url": 5}"#), status: 400, code: "invalid_json"),
                Case(name: "target without interval", path: "/v1/targets", who: .admin, body: json(#"{"url": "http://panel.example"}"#), status: 400, code: "invalid_json"),
                Case(name: "empty body on /v1/checks", path: "/v1/checks", who: .checker, body: [], status: 400, code: "invalid_json"),
                Case(name: "poll body that is an array", path: "/v1/agent/jobs/poll", who: .agent, body: json("[]"), status: 400, code: "invalid_json"),
                // Over 1 MiB: 413.
                Case(name: "1 MiB + 1 byte on /v1/checks", path: "/v1/checks", who: .checker, body: oversized, status: 413, code: "body_too_large"),
                Case(name: "1 MiB + 1 byte on /v1/agent/results", path: "/v1/agent/results", who: .agent, body: oversized, status: 413, code: "body_too_large"),
                // No, unknown or revoked token: 401.
                Case(name: "no token on the user API", method: .get, path: "/v1/agents", who: .nobody, status: 401, code: "unauthorized"),
                Case(name: "no token on the agent API", path: "/v1/agent/heartbeat", who: .nobody, body: json("{}"), status: 401, code: "unauthorized"),
                Case(name: "not a bearer token", method: .get, path: "/v1/agents", who: .header("Authorization: Basic eGNoZWNrOnB3"), status: 401, code: "unauthorized"),
                Case(name: "malformed bearer token", method: .get, path: "/v1/agents", who: .header("Authorization: Bearer nonsense"), status: 401, code: "unauthorized"),
                Case(name: "unknown agent token", path: "/v1/agent/heartbeat", who: .unknownAgent, body: json("{}"), status: 401, code: "unauthorized"),
                Case(name: "agent token with a wrong secret", path: "/v1/agent/jobs/poll", who: .wrongSecretAgent, body: json(#"{"max_jobs": 1, "wait_seconds": 0}"#), status: 401, code: "unauthorized"),
                Case(name: "unknown user token", method: .get, path: "/v1/agents", who: .unknownUser, status: 401, code: "unauthorized"),
                Case(name: "revoked agent token", path: "/v1/agent/jobs/poll", who: .revokedAgent, body: json(#"{"max_jobs": 1, "wait_seconds": 0}"#), status: 401, code: "unauthorized"),
                Case(name: "revoked user token", method: .get, path: "/v1/agents", who: .revokedUser, status: 401, code: "unauthorized"),
                Case(name: "unknown token on the user API from an agent kind", method: .get, path: "/v1/agents", who: .unknownAgent, status: 401, code: "unauthorized"),
                // Wrong kind or scope: 403.
                Case(name: "agent token on GET /v1/agents", method: .get, path: "/v1/agents", who: .agent, status: 403, code: "forbidden"),
                Case(name: "agent token on POST /v1/checks", path: "/v1/checks", who: .agent, body: json(#"{"url": "http://panel.example"}"#), status: 403, code: "forbidden"),
                Case(name: "user token on the heartbeat", path: "/v1/agent/heartbeat", who: .admin, body: json("{}"), status: 403, code: "forbidden"),
                Case(name: "user token on the poll", path: "/v1/agent/jobs/poll", who: .reader, body: json(#"{"max_jobs": 1, "wait_seconds": 0}"#), status: 403, code: "forbidden"),
                Case(name: "user token on results", path: "/v1/agent/results", who: .checker, body: batch(resultID: uuid, jobID: uuid), status: 403, code: "forbidden"),
                Case(name: "read scope on POST /v1/checks", path: "/v1/checks", who: .reader, body: json(#"{"url": "http://panel.example"}"#), status: 403, code: "forbidden"),
                Case(name: "check scope on POST /v1/targets", path: "/v1/targets", who: .checker, body: json(#"{"url": "http://panel.example", "interval_seconds": 60}"#), status: 403, code: "forbidden"),
                // Result batches: 400.
                Case(name: "result id that is not a UUID", path: "/v1/agent/results", who: .agent, body: batch(resultID: "result-1", jobID: uuid), status: 400, code: "bad_request"),
                Case(name: "job id that is not a UUID", path: "/v1/agent/results", who: .agent, body: batch(resultID: uuid, jobID: "job-1"), status: 400, code: "bad_request"),
                Case(name: "empty batch", path: "/v1/agent/results", who: .agent, body: json(#"{"results": []}"#), status: 400, code: "bad_request"),
                Case(name: "batch of 501", path: "/v1/agent/results", who: .agent, body: batch(resultID: uuid, jobID: uuid, count: 501), status: 400, code: "bad_request"),
                // Valid JSON that PostgreSQL cannot store (jsonb refuses \u0000): bad input, so that the agent
                // drops the result at fault instead of retrying it for ever.
                Case(name: "a NUL character in a result", path: "/v1/agent/results", who: .agent,
                     body: batch(resultID: uuid, jobID: uuid, detail: "panel said \u{0}"), status: 400, code: "bad_request"),
                // Other out-of-range values: 400.
                Case(name: "poll wait over 25 s", path: "/v1/agent/jobs/poll", who: .agent, body: json(#"{"max_jobs": 1, "wait_seconds": 26}"#), status: 400, code: "bad_request"),
                Case(name: "poll for no jobs", path: "/v1/agent/jobs/poll", who: .agent, body: json(#"{"max_jobs": 0, "wait_seconds": 0}"#), status: 400, code: "bad_request"),
                Case(name: "negative heartbeat load", path: "/v1/agent/heartbeat", who: .agent, body: json(#"{"version": "1", "in_flight": -1, "max_concurrency": 1, "spool_depth": 0, "spool_dropped": 0}"#), status: 400, code: "bad_request"),
                Case(name: "check wait over 60 s", path: "/v1/checks", who: .checker, body: json(#"{"url": "http://panel.example", "wait_seconds": 61}"#), status: 400, code: "bad_request"),
                Case(name: "empty region list", path: "/v1/checks", who: .checker, body: json(#"{"url": "http://panel.example", "regions": []}"#), status: 400, code: "bad_request"),
                Case(name: "region with a space", path: "/v1/checks", who: .checker, body: json(#"{"url": "http://panel.example", "regions": ["eu west"]}"#), status: 400, code: "bad_request"),
                // Unknown things: 404.
                Case(name: "unknown check id", method: .get, path: "/v1/checks/\(uuid)", who: .reader, status: 404, code: "not_found"),
                Case(name: "check id that is not a UUID", method: .get, path: "/v1/checks/12345", who: .reader, status: 404, code: "not_found"),
                Case(name: "unknown target id", method: .get, path: "/v1/targets/987654", who: .reader, status: 404, code: "not_found"),
                Case(name: "target id that is not a number", method: .get, path: "/v1/targets/abc", who: .reader, status: 404, code: "not_found"),
                Case(name: "history of an unknown target", method: .get, path: "/v1/targets/987654/history", who: .reader, status: 404, code: "not_found"),
                Case(name: "delete of an unknown target", method: .delete, path: "/v1/targets/987654", who: .admin, status: 404, code: "not_found"),
                Case(name: "unknown route", method: .get, path: "/v1/nothing-here", who: .admin, status: 404, code: "not_found"),
            ]
            // An invalid target URL: 422 with the input parser's own message.
            for url in ["", "ftp://panel.example", "http://", "http://panel.example:99999", "http://user:pass@"] {
                let message = parserMessage(url)
                cases.append(Case(
                    name: "invalid check URL '\(url)'", path: "/v1/checks", who: .checker, body: json(["url": url]),
                    status: 422, code: "invalid_target", message: message))
                cases.append(Case(
                    name: "invalid target URL '\(url)'", path: "/v1/targets", who: .admin, body: json(["url": url, "interval_seconds": 60]),
                    status: 422, code: "invalid_target", message: message))
            }
            return cases
        }()

        @Test("every bad request gets its status and a JSON error body; nothing is stored")
        func table() async throws {
            try await Fixture.with { fixture in
                let coordinator = try await fixture.startCoordinator()
                let agent = try await fixture.enrol(coordinator, name: "fra-1", region: "eu")
                let revokedAgent = try await fixture.enrol(coordinator, name: "old-1", region: "eu")
                try await agent.heartbeat()
                try await revokedAgent.heartbeat()
                #expect(try await coordinator.coordinator.agents.revoke(name: "old-1"))
                let reader = try await fixture.userToken(coordinator, scope: .read)
                let checker = try await fixture.userToken(coordinator, scope: .check)
                let admin = try await fixture.userToken(coordinator, scope: .admin)
                let revokedUser = try await fixture.userToken(coordinator, scope: .admin, name: "leaver")
                #expect(try await coordinator.coordinator.tokens.revoke(name: "leaver"))
                let parts = agent.token.split(separator: "_")
                let wrongSecret = "\(parts[0])_\(parts[1])_\(IssuedToken.generate(.agent).text.split(separator: "_")[2])"

                func headers(_ who: Who) -> [String] {
                    switch who {
                    case .nobody: []
                    case .agent: ["Authorization: Bearer \(agent.token)"]
                    case .revokedAgent: ["Authorization: Bearer \(revokedAgent.token)"]
                    case .unknownAgent: ["Authorization: Bearer \(IssuedToken.generate(.agent).text)"]
                    case .wrongSecretAgent: ["Authorization: Bearer \(wrongSecret)"]
                    case .reader: ["Authorization: Bearer \(reader)"]
                    case .checker: ["Authorization: Bearer \(checker)"]
                    case .admin: ["Authorization: Bearer \(admin)"]
                    case .revokedUser: ["Authorization: Bearer \(revokedUser)"]
                    case .unknownUser: ["Authorization: Bearer \(IssuedToken.generate(.api).text)"]
                    case .header(let line): [line]
                    }
                }

                for testCase in Self.cases {
                    let url = coordinator.baseURL + testCase.path
                    let answer: HTTPResult
                    switch testCase.method {
                    case .get:
                        answer = try await fixture.http.get(url, headers: headers(testCase.who))
                    case .post:
                        answer = try await fixture.http.post(url, headers: headers(testCase.who), body: testCase.body)
                    case .delete:
                        let token = headers(testCase.who).first.map { String($0.dropFirst("Authorization: Bearer ".count)) }
                        answer = try await fixture.http.delete(url, token: token)
                    }
                    #expect(answer.status == testCase.status, "\(testCase.name): \(answer)")
                    #expect(answer.errorCode == testCase.code, "\(testCase.name): \(answer)")
                    #expect(!(answer.errorMessage ?? "").isEmpty, "\(testCase.name): no error message in \(answer)")
                    if let message = testCase.message {
                        #expect(answer.errorMessage == message, "\(testCase.name)")
                    }
                }

                // None of it changed anything.
                #expect(try await fixture.int("SELECT count(*) FROM results") == 0)
                #expect(try await fixture.int("SELECT count(*) FROM checks") == 0)
                #expect(try await fixture.int("SELECT count(*) FROM targets") == 0)
                #expect(try await fixture.int("SELECT count(*) FROM agents WHERE name = 'old-1' AND revoked_at IS NOT NULL") == 1)
            }
        }
    }
}
