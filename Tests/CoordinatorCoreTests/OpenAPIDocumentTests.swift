@testable import CoordinatorCore
import Foundation
import Testing
import XCheckModel
import XCheckProtocol
import XCheckTestSupport
import XCheckVerdict

/// Keeps `OpenAPIDocument.json` (served at `/openapi.json`) honest: it is valid JSON and OpenAPI 3.1, it
/// documents exactly the routes `Coordinator.router()` registers (read from the source, so a route added
/// without documentation fails here), every `$ref` resolves, the enums equal their Swift types, the ranges
/// equal the coordinator's configuration, and what the coordinator encodes matches the schemas key by key (checked
/// with `XCheckTestSupport.OpenAPISchemaValidator`; CoordinatorTests' OpenAPILiveTests holds the running
/// coordinator's answers against the document it serves).
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    // MARK: - The routes, as Coordinator.swift registers them

    /// Who may call a route.
    enum Auth: Hashable, Sendable, CustomStringConvertible {
        case none
        case agent
        case user(Scope)

        var description: String {
            switch self {
            case .none: "none"
            case .agent: "agent"
            case .user(let scope): "user(\(scope.rawValue))"
            }
        }
    }

    /// One route: method, path in Hummingbird's syntax (`:id`), auth, and every status it can answer.
    struct Route: Hashable, Sendable, CustomTestStringConvertible {
        var method: String
        var path: String
        var auth: Auth
        var statuses: Set<String>

        var testDescription: String { "\(self.method) \(self.path)" }

        /// The path as OpenAPI writes it (`{id}`).
        var openAPIPath: String {
            self.path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
                segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
            }.joined(separator: "/")
        }

        /// What the source scan can see: method, path and auth.
        var signature: String { "\(self.method) \(self.path) [\(self.auth)]" }
    }

    /// The statuses every authenticated route can answer besides its own.
    static let authenticated: Set<String> = ["401", "403", "500", "503"]
    /// ... and those a route with a JSON body adds.
    static let withBody: Set<String> = ["400", "413"]

    /// Every route of `Coordinator.router()` (and the route collections it adds), with what it answers.
    static let routes: [Route] = [
        Route(method: "GET", path: "/healthz", auth: .none, statuses: ["200", "503"]),
        Route(method: "GET", path: "/metrics", auth: .none, statuses: ["200"]),
        Route(method: "GET", path: "/openapi.json", auth: .none, statuses: ["200"]),
        Route(method: "POST", path: "/v1/agent/heartbeat", auth: .agent, statuses: Set(["200"]).union(authenticated).union(withBody)),
        Route(method: "POST", path: "/v1/agent/jobs/poll", auth: .agent, statuses: Set(["200"]).union(authenticated).union(withBody)),
        Route(method: "POST", path: "/v1/agent/results", auth: .agent, statuses: Set(["200"]).union(authenticated).union(withBody)),
        Route(method: "GET", path: "/v1/checks/:id", auth: .user(.read), statuses: Set(["200", "404"]).union(authenticated)),
        Route(method: "GET", path: "/v1/targets", auth: .user(.read), statuses: Set(["200"]).union(authenticated)),
        Route(method: "GET", path: "/v1/targets/:id", auth: .user(.read), statuses: Set(["200", "404"]).union(authenticated)),
        Route(method: "GET", path: "/v1/targets/:id/history", auth: .user(.read), statuses: Set(["200", "400", "404"]).union(authenticated)),
        Route(method: "GET", path: "/v1/targets/:id/verdict", auth: .user(.read), statuses: Set(["200", "400", "404"]).union(authenticated)),
        Route(method: "GET", path: "/v1/agents", auth: .user(.read), statuses: Set(["200"]).union(authenticated)),
        Route(method: "POST", path: "/v1/checks", auth: .user(.check), statuses: Set(["200", "404", "422"]).union(authenticated).union(withBody)),
        Route(method: "POST", path: "/v1/targets", auth: .user(.admin), statuses: Set(["201", "422"]).union(authenticated).union(withBody)),
        Route(method: "DELETE", path: "/v1/targets/:id", auth: .user(.admin), statuses: Set(["204", "404"]).union(authenticated)),
        Route(method: "POST", path: "/v1/targets/:id/run", auth: .user(.admin), statuses: Set(["200", "404", "429"]).union(authenticated)),
        Route(method: "GET", path: "/v1/targets/:id/deliveries", auth: .user(.admin), statuses: Set(["200", "400", "404"]).union(authenticated)),
        Route(method: "POST", path: "/v1/alerts", auth: .user(.admin), statuses: Set(["201", "404", "422"]).union(authenticated).union(withBody)),
        Route(method: "GET", path: "/v1/alerts", auth: .user(.admin), statuses: Set(["200"]).union(authenticated)),
        Route(method: "DELETE", path: "/v1/alerts/:id", auth: .user(.admin), statuses: Set(["204", "404"]).union(authenticated)),
    ]

    /// The status page's HTML routes (StatusPageRoutes): registered by the router but not part of the JSON API,
    /// so deliberately absent from the OpenAPI document. Listed here so that the source scan still accounts for them.
    static let htmlPages: [Route] = [
        Route(method: "GET", path: "/", auth: .none, statuses: ["200", "401"]),
        Route(method: "GET", path: "/status/targets/:id", auth: .none, statuses: ["200", "401", "404"]),
        Route(method: "GET", path: "/login", auth: .none, statuses: ["200"]),
        Route(method: "POST", path: "/login", auth: .none, statuses: ["303", "401", "403"]),
        Route(method: "POST", path: "/logout", auth: .none, statuses: ["303"]),
    ]

    // MARK: - The document

    static let document: Result<JSONValue, any Error> = Result { try JSONDecoder().decode(JSONValue.self, from: Data(OpenAPIDocument.json.utf8)) }

    static func root() throws -> JSONValue { try Self.document.get() }

    @Test("the document is JSON, OpenAPI 3.1.x, with info, paths and components")
    func parses() throws {
        let root = try Self.root()
        let version = try #require(root["openapi"]?.string)
        #expect(version.hasPrefix("3.1."), "openapi is \(version)")
        #expect(root["info"]?["title"]?.string?.isEmpty == false)
        #expect(root["info"]?["version"]?.string?.isEmpty == false)
        #expect(root["paths"]?.object?.isEmpty == false)
        #expect(root["components"]?["schemas"]?.object?.isEmpty == false)
        // Also what JSONSerialization (any client) accepts.
        #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) }
    }

    @Test("documents the route", arguments: Self.routes)
    func documented(route: Route) throws {
        let root = try Self.root()
        let operation = try #require(
            root["paths"]?[route.openAPIPath]?[route.method.lowercased()]?.object,
            "\(route.method) \(route.openAPIPath) is not in the document")
        #expect(operation["operationId"]?.string?.isEmpty == false, "no operationId")
        #expect(operation["summary"]?.string?.isEmpty == false, "no summary")

        // Security: none, the agent token, or the user token with the least scope as its role.
        let security = try #require(operation["security"]?.array, "no explicit security")
        switch route.auth {
        case .none:
            #expect(security.isEmpty, "a public route must say `security: []`")
        case .agent:
            #expect(security == [.object(["agentToken": .array([])])])
        case .user(let scope):
            #expect(security == [.object(["userToken": .array([.string(scope.rawValue)])])])
        }

        // Exactly the statuses the route can answer, each with a description.
        let responses = try #require(operation["responses"]?.object)
        #expect(Set(responses.keys) == route.statuses)
        for (status, response) in responses {
            let resolved = try #require(OpenAPISchemaValidator.resolved(response, in: root), "\(status): unresolved response")
            #expect(resolved["description"]?.string?.isEmpty == false, "\(status) has no description")
            if status.hasPrefix("4") || status.hasPrefix("5"), route.path != "/healthz" {
                #expect(
                    resolved["content"]?["application/json"]?["schema"] == .object(["$ref": .string("#/components/schemas/APIError")]),
                    "\(status) is not an APIError")
            }
        }

        // A body exactly where the route reads one.
        #expect((operation["requestBody"] != nil) == route.statuses.contains("413"), "requestBody and 413 go together")

        // Every {parameter} of the path is described.
        for segment in route.path.split(separator: "/") where segment.hasPrefix(":") {
            let name = String(segment.dropFirst())
            let parameters = operation["parameters"]?.array ?? []
            #expect(
                parameters.contains { $0["name"]?.string == name && $0["in"]?.string == "path" && $0["required"] == .bool(true) },
                "path parameter \(name) is not described")
        }
    }

    @Test("the table above is what Coordinator.router() registers (read from the source)")
    func tableMatchesSource() throws {
        let scanned = try RouteScanner.scan(root: try Self.packageRoot())
        let expected = Set((Self.routes + Self.htmlPages).map(\.signature))
        let found = Set(scanned)
        #expect(found.count == scanned.count, "a route is registered twice: \(scanned.sorted())")
        #expect(found.subtracting(expected).isEmpty, "registered but not in the table (document it, then add it): \(found.subtracting(expected).sorted())")
        #expect(expected.subtracting(found).isEmpty, "in the table but not registered: \(expected.subtracting(found).sorted())")
    }

    @Test("the document has no operation the router does not register")
    func noExtraOperations() throws {
        let root = try Self.root()
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        var documented: Set<String> = []
        for (path, item) in try #require(root["paths"]?.object) {
            for (method, _) in item.object ?? [:] where methods.contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(documented == Set(Self.routes.map { "\($0.method) \($0.openAPIPath)" }))
        for page in Self.htmlPages {
            #expect(!documented.contains("\(page.method) \(page.openAPIPath)"), "the HTML page \(page.path) is not part of the JSON API")
        }
    }

    @Test("operationIds are unique")
    func uniqueOperationIDs() throws {
        var ids: [String] = []
        for (_, item) in try #require(try Self.root()["paths"]?.object) {
            for (_, operation) in item.object ?? [:] {
                if let id = operation["operationId"]?.string { ids.append(id) }
            }
        }
        #expect(ids.count == Set(ids).count, "\(ids.sorted())")
    }

    @Test("every $ref resolves, and every component is used")
    func referencesResolve() throws {
        let root = try Self.root()
        var references: [String] = []
        Self.collectReferences(in: root, into: &references)
        #expect(!references.isEmpty)
        for reference in Set(references).sorted() {
            #expect(OpenAPISchemaValidator.pointer(reference, in: root) != nil, "\(reference) does not resolve")
        }
        for kind in ["schemas", "responses", "examples"] {
            for name in (root["components"]?[kind]?.object ?? [:]).keys.sorted() {
                #expect(references.contains("#/components/\(kind)/\(name)"), "components/\(kind)/\(name) is never used")
            }
        }
    }

    // MARK: - Enums and ranges

    @Test("ProbeResult.outcome lists every Outcome, in order")
    func outcomes() throws {
        let root = try Self.root()
        let outcome = try #require(Self.property("outcome", of: "ProbeResult", in: root))
        #expect(Self.enumValues(outcome, in: root) == Outcome.allCases.map(\.rawValue))
    }

    @Test("ProbeResult.stage lists every Stage, and null")
    func stages() throws {
        let root = try Self.root()
        let stage = try #require(Self.property("stage", of: "ProbeResult", in: root))
        #expect(Self.enumValues(stage, in: root) == Stage.allCases.map(\.rawValue))
        let validator = OpenAPISchemaValidator(root: root)
        #expect(validator.validate(.null, stage).isEmpty, "stage must allow null")
    }

    /// (schema, property, the Swift enum's raw values)
    static let enums: [(String, String, [String])] = [
        ("ProbeResult", "kind", CheckKind.allCases.map(\.rawValue)),
        ("ProbeResult", "panel", PanelFamily.allCases.map(\.rawValue)),
        ("AccountInfo", "status", AccountStatus.allCases.map(\.rawValue)),
        ("InputWarning", "code", InputWarning.Code.allCases.map(\.rawValue)),
        ("InputWarning", "field", ["url", "username", "password"]),
        ("PortCheckResult", "service", PortCheckResult.Service.allCases.map(\.rawValue)),
        ("PortCheckResult", "outcome", Outcome.allCases.map(\.rawValue)),
        ("PortCheckResult", "stage", Stage.allCases.map(\.rawValue)),
        ("Alternative", "outcome", Outcome.allCases.map(\.rawValue)),
        ("Alternative", "kind", CheckKind.allCases.map(\.rawValue)),
        ("TargetSummary", "scheme", ProbeTarget.Scheme.allCases.map(\.rawValue)),
        ("AgentJob", "kind", [AgentJob.Kind.login.rawValue, AgentJob.Kind.reachability.rawValue]),
        ("CheckDocument", "kind", [AgentJob.Kind.login.rawValue, AgentJob.Kind.reachability.rawValue]),
        ("Verdict", "verdict", OverallVerdict.allCases.map(\.rawValue)),
        ("Verdict", "reason", Outcome.allCases.map(\.rawValue)),
        ("Verdict", "rule", VerdictRule.allCases.map(\.rawValue)),
        ("RegionReport", "verdict", RegionVerdict.allCases.map(\.rawValue)),
        ("RegionReport", "blocking", BlockingType.allCases.map(\.rawValue)),
        ("VantageReport", "kind", Vantage.Kind.allCases.map(\.rawValue)),
        ("VantageReport", "outcome", Outcome.allCases.map(\.rawValue)),
        ("VantageReport", "stage", Stage.allCases.map(\.rawValue)),
        ("VantageReport", "blocking", BlockingType.allCases.map(\.rawValue)),
        ("Vantage", "kind", Vantage.Kind.allCases.map(\.rawValue)),
        ("AlertRequest", "kind", AlertKind.allCases.map(\.rawValue)),
        ("AlertDocument", "kind", AlertKind.allCases.map(\.rawValue)),
        ("AlertDelivery", "state", AlertDeliveryDocument.State.allCases.map(\.rawValue)),
        ("VerdictAlternative", "outcome", Outcome.allCases.map(\.rawValue)),
        ("VerdictAlternative", "kind", CheckKind.allCases.map(\.rawValue)),
    ]

    @Test("the other enums equal their Swift types")
    func otherEnums() throws {
        let root = try Self.root()
        for (schema, property, values) in Self.enums {
            let node = try #require(Self.property(property, of: schema, in: root), "\(schema).\(property) is missing")
            #expect(Self.enumValues(node, in: root) == values, "\(schema).\(property)")
        }
    }

    @Test("every scope named in a security requirement is a Scope")
    func scopes() throws {
        let root = try Self.root()
        for (_, item) in try #require(root["paths"]?.object) {
            for (_, operation) in item.object ?? [:] {
                for requirement in operation["security"]?.array ?? [] {
                    for role in requirement["userToken"]?.array ?? [] {
                        #expect(Scope(rawValue: role.string ?? "") != nil, "unknown scope \(role)")
                    }
                }
            }
        }
    }

    @Test("documented waits equal the coordinator's configuration")
    func waits() throws {
        let root = try Self.root()
        let configuration = CoordinatorConfiguration()
        let checkWait = try #require(Self.property("wait_seconds", of: "CheckRequest", in: root))
        #expect(checkWait["maximum"] == .int(configuration.maximumCheckWait.components.seconds))
        #expect(checkWait["default"] == .int(configuration.defaultCheckWait.components.seconds))
        let pollWait = try #require(Self.property("wait_seconds", of: "AgentPollRequest", in: root))
        #expect(pollWait["maximum"] == .int(configuration.maximumPollWait.components.seconds))
    }

    // MARK: - What the coordinator encodes matches the schemas

    static let fullProbe = ProbeResult(
        target: TargetSummary(url: "https://panel.example", scheme: .https, host: "panel.example", port: 443, username: "alice"),
        kind: .login,
        inputWarnings: [
            InputWarning(code: .smartQuotes, message: "a typographic quote at position 3", field: .password, position: 3),
            InputWarning(code: .trailingSlash, message: "removed a trailing slash", field: .url),
        ],
        outcome: .schemeMismatch, stage: .tls, detail: "This port speaks http, not https.", httpStatus: 200,
        timings: StageTimings(dns: 1.5, connect: 2, tls: 3, firstByte: 4, total: 5), panel: .xui, panelVersion: "1.5.12",
        account: AccountInfo(
            status: .active, expiresAt: 1_798_761_600, isTrial: true, activeConnections: 1, maxConnections: 2,
            createdAt: 1_767_225_600, message: "welcome", allowedOutputFormats: ["ts"], daysLeft: 33),
        resolvedAddresses: ["203.0.113.10", "2001:db8::10"], connectedAddress: "203.0.113.10",
        alternatives: [Alternative(url: "http://panel.example:443", outcome: .credentialsRejected, kind: .login)],
        ports: [
            PortCheckResult(
                host: "panel.example", port: 25461, service: .http, outcome: .connectionTimeout, stage: .connect,
                detail: "no answer", connectedAddress: nil, timings: StageTimings(dns: 1)),
        ],
        advice: ["Use http://panel.example:443."], startedAt: 1_795_918_380)

    static let minimalProbe = ProbeResult(
        target: TargetSummary(url: "http://panel.example", scheme: .http, host: "panel.example", port: 80, username: nil),
        kind: .reachability, outcome: .dnsNXDOMAIN, stage: .dns, detail: "The name does not exist.")

    static let fra = CheckDocument.AgentRef(name: "fra-1", region: "eu-central", network: "hetzner")
    static let sgp = CheckDocument.AgentRef(name: "sgp-1", region: "ap-southeast", network: "")

    static let record = AgentRecord(
        id: 1, name: "fra-1", region: "eu-central", network: "hetzner", createdAt: 1, revokedAt: 5, lastSeenAt: 4,
        lastAddress: "203.0.113.7", version: "0.1.0", inFlight: 3, maxConcurrency: 64, spoolDepth: 1, spoolDropped: 0,
        online: false)
    static let newRecord = AgentRecord(
        id: 2, name: "sgp-1", region: "ap-southeast", network: "", createdAt: 1, revokedAt: nil, lastSeenAt: nil,
        lastAddress: nil, version: nil, inFlight: 0, maxConcurrency: 0, spoolDepth: 0, spoolDropped: 0, online: false)

    static let target = TargetDocument(
        id: 7, name: "Main", url: "http://panel.example:8080", username: "alice", hasPassword: true, intervalSeconds: 300,
        isPublic: true, regions: ["eu-central"], createdAt: 1, nextRunAt: 2)
    static let bareTarget = TargetDocument(
        id: 8, name: "http://panel.example", url: "http://panel.example", username: nil, hasPassword: false,
        intervalSeconds: 60, isPublic: false, regions: nil, createdAt: 1, nextRunAt: 2)

    static let uuid = "9b1d4c3a-7e2f-4b6d-a1c8-3f5e7d9b2c10"

    static let vantages = [
        CheckDocument.VantageResult(agent: Self.fra, result: Self.fullProbe, confirmation: nil, receivedAt: 3),
        CheckDocument.VantageResult(agent: Self.sgp, result: Self.minimalProbe, confirmation: Self.minimalProbe, receivedAt: nil),
    ]

    /// Verdicts from the engine: the coordinator's (agents only, with and without answers) and one with a local
    /// vantage, so every field of the verdict document is exercised.
    static let verdicts: [Verdict] = [
        CheckDocument.verdict(vantages: Self.vantages, missing: [Self.fra]),
        CheckDocument.verdict(vantages: [], missing: [Self.fra, Self.sgp]),
        CheckDocument.verdict(vantages: [], missing: []),
        VerdictEngine.decide(
            [
                VantageObservation(vantage: Vantage(name: "local", kind: .local, region: "home", network: "isp"), result: Self.minimalProbe, confirmation: Self.minimalProbe),
                VantageObservation(vantage: Self.fra.vantage, result: Self.fullProbe),
            ],
            missing: [Self.sgp.vantage]),
    ]

    /// (component schema, a value the coordinator encodes)
    static let samples: [(String, any Encodable & Sendable)] = [
        ("ProbeResult", Self.fullProbe),
        ("ProbeResult", Self.minimalProbe),
        ("TargetRunDocument", TargetRunDocument(targetID: 7, agents: 3)),
        ("CheckDocument", CheckDocument(
            id: Self.uuid, kind: "login", url: "http://panel.example", username: "alice", createdAt: 1, finishedAt: 2,
            status: "partial", vantages: Self.vantages, missing: [Self.fra], reused: true, verdict: Self.verdicts[0])),
        ("CheckDocument", CheckDocument(
            id: Self.uuid, kind: "reachability", url: "http://panel.example", username: nil, createdAt: 1, finishedAt: nil,
            status: "running", vantages: [], missing: [], reused: false, verdict: Self.verdicts[2])),
        ("Verdict", Self.verdicts[0]),
        ("Verdict", Self.verdicts[1]),
        ("Verdict", Self.verdicts[2]),
        ("Verdict", Self.verdicts[3]),
        ("TargetVerdictDocument", TargetVerdictDocument(targetID: 7, windowSeconds: 900, verdict: Self.verdicts[0])),
        ("TargetDocument", Self.target),
        ("TargetDocument", Self.bareTarget),
        ("TargetList", ["targets": [Self.target, Self.bareTarget]]),
        ("HistoryPage", HistoryPage(
            results: [
                .init(resultID: Self.uuid, agent: Self.fra, startedAt: 1, result: Self.fullProbe, confirmation: nil),
                .init(resultID: Self.uuid, agent: Self.sgp, startedAt: 2, result: Self.minimalProbe, confirmation: Self.minimalProbe),
            ],
            next: "1795918381.0/\(Self.uuid)")),
        ("HistoryPage", HistoryPage(results: [], next: nil)),
        ("AgentRecord", Self.record),
        ("AgentRecord", Self.newRecord),
        ("AgentList", ["agents": [Self.record, Self.newRecord]]),
        ("AgentHeartbeat", AgentHeartbeat(version: "0.1.0", inFlight: 0, maxConcurrency: 64, spoolDepth: 0, spoolDropped: 0)),
        ("AgentHeartbeatResponse", AgentHeartbeatResponse(name: "fra-1", region: "eu-central", network: "", serverTime: 1, observedAddress: "203.0.113.7")),
        ("AgentHeartbeatResponse", AgentHeartbeatResponse(name: "fra-1", region: "eu-central", network: "", serverTime: 1, observedAddress: nil)),
        ("AgentPollRequest", AgentPollRequest(maxJobs: 16, waitSeconds: 25)),
        ("AgentPollResponse", AgentPollResponse(jobs: [
            AgentJob(jobID: Self.uuid, kind: .login, url: "http://panel.example", username: "alice", password: "s3cret", confirmAfterMilliseconds: 3000, deadline: 9),
            AgentJob(jobID: Self.uuid, kind: .reachability, url: "http://panel.example", username: nil, password: nil, confirmAfterMilliseconds: nil, deadline: 9),
        ])),
        ("AgentResultBatch", AgentResultBatch(results: [
            AgentResult(resultID: Self.uuid, jobID: Self.uuid, result: Self.fullProbe, confirmation: nil),
            AgentResult(resultID: Self.uuid, jobID: Self.uuid, result: Self.minimalProbe, confirmation: Self.minimalProbe),
        ])),
        ("AgentResultAck", AgentResultAck(accepted: [Self.uuid], duplicates: [Self.uuid])),
        ("HealthStatus", OperationsRoutes.Health(status: "ok", database: "up")),
        ("HealthStatus", OperationsRoutes.Health(status: "unavailable", database: "down")),
    ]

    @Test("encoded documents match their schemas, every key documented", arguments: Array(Self.samples.indices))
    func encodedMatchesSchema(index: Int) throws {
        let (name, value) = Self.samples[index]
        let root = try Self.root()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = try JSONDecoder().decode(JSONValue.self, from: try encoder.encode(value))
        let problems = OpenAPISchemaValidator(root: root).validate(json, component: name, at: name)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// Every error the routes raise, as the error middleware encodes it.
    static let failures: [APIFailure] = [
        .badRequest("x"), .invalidJSON("x"), .unauthorized(), .forbidden("x"), .notFound("x"), .invalidTarget("x"),
        .databaseUnavailable, .bodyTooLarge,
        APIFailure(.internalServerError, "internal", "internal error"),
        APIFailure(.serviceUnavailable, "shutting_down", "the coordinator is shutting down"),
        APIFailure(.methodNotAllowed, "http_error", "Method Not Allowed"),
    ]

    @Test("every error code the coordinator uses is documented, on a response of its status")
    func errors() throws {
        let root = try Self.root()
        let validator = OpenAPISchemaValidator(root: root)
        var documented: [String: Set<String>] = [:]  // code -> statuses whose examples show it
        Self.walkResponses(in: root) { status, response in
            for (_, example) in response["content"]?["application/json"]?["examples"]?.object ?? [:] {
                let value = OpenAPISchemaValidator.resolved(example, in: root)?["value"]
                if let code = value?["error"]?["code"]?.string { documented[code, default: []].insert(status) }
            }
        }
        for failure in Self.failures {
            let json = JSONValue.object(["error": .object(["code": .string(failure.code), "message": .string(failure.message)])])
            #expect(validator.validate(json, component: "APIError", at: failure.code).isEmpty)
            if failure.code != "http_error" {
                #expect(documented[failure.code]?.contains(String(failure.status.code)) == true, "\(failure.code) (\(failure.status.code)) has no example")
            }
        }
    }

    // MARK: - Examples

    /// Decoders for the schemas that have a Swift type: the examples must be what the coordinator reads.
    static let decoders: [String: @Sendable (Data) throws -> Void] = [
        "CheckRequest": { _ = try JSONDecoder().decode(CheckRequest.self, from: $0) },
        "TargetRequest": { _ = try JSONDecoder().decode(TargetRequest.self, from: $0) },
        "CheckDocument": { _ = try JSONDecoder().decode(CheckDocument.self, from: $0) },
        "TargetDocument": { _ = try JSONDecoder().decode(TargetDocument.self, from: $0) },
        "HistoryPage": { _ = try JSONDecoder().decode(HistoryPage.self, from: $0) },
        "AgentRecord": { _ = try JSONDecoder().decode(AgentRecord.self, from: $0) },
        "AgentList": { _ = try JSONDecoder().decode([String: [AgentRecord]].self, from: $0) },
        "TargetList": { _ = try JSONDecoder().decode([String: [TargetDocument]].self, from: $0) },
        "AgentHeartbeat": { _ = try JSONDecoder().decode(AgentHeartbeat.self, from: $0) },
        "AgentHeartbeatResponse": { _ = try JSONDecoder().decode(AgentHeartbeatResponse.self, from: $0) },
        "AgentPollRequest": { _ = try JSONDecoder().decode(AgentPollRequest.self, from: $0) },
        "AgentPollResponse": { _ = try JSONDecoder().decode(AgentPollResponse.self, from: $0) },
        "AgentResultBatch": { _ = try JSONDecoder().decode(AgentResultBatch.self, from: $0) },
        "AgentResultAck": { _ = try JSONDecoder().decode(AgentResultAck.self, from: $0) },
        "APIError": { _ = try JSONDecoder().decode(APIError.self, from: $0) },
        "ProbeResult": { _ = try JSONDecoder().decode(ProbeResult.self, from: $0) },
        "Verdict": { _ = try JSONDecoder().decode(Verdict.self, from: $0) },
        "TargetVerdictDocument": { _ = try JSONDecoder().decode(TargetVerdictDocument.self, from: $0) },
    ]

    @Test("every example matches its schema and decodes into its Swift type")
    func examples() throws {
        let root = try Self.root()
        let validator = OpenAPISchemaValidator(root: root)
        var count = 0
        Self.walkMediaTypes(in: root) { place, media in
            guard let schema = media["schema"] else { return }
            var examples: [(String, JSONValue)] = []
            if let example = media["example"] { examples.append((place, example)) }
            for (name, example) in media["examples"]?.object ?? [:] {
                if let value = OpenAPISchemaValidator.resolved(example, in: root)?["value"] { examples.append(("\(place) \(name)", value)) }
            }
            for (label, example) in examples {
                count += 1
                let problems = validator.validate(example, schema, at: label)
                #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
                if case .string(let reference)? = schema["$ref"], let decode = Self.decoders[String(reference.split(separator: "/").last ?? "")] {
                    #expect(throws: Never.self, "\(label) does not decode") { try decode(try JSONEncoder().encode(example)) }
                }
            }
        }
        #expect(count > 20)
    }

    // MARK: - Helpers

    /// The package root: three directories up from this file, else `XCHECK_PACKAGE_ROOT`.
    static func packageRoot(filePath: String = #filePath) throws -> URL {
        var roots = [
            URL(fileURLWithPath: filePath)
                .deletingLastPathComponent()  // CoordinatorCoreTests
                .deletingLastPathComponent()  // Tests
                .deletingLastPathComponent()  // the package root
        ]
        if let root = ProcessInfo.processInfo.environment["XCHECK_PACKAGE_ROOT"], !root.isEmpty {
            roots.append(URL(fileURLWithPath: root, isDirectory: true))
        }
        let found = roots.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent(RouteScanner.coordinatorPath).path) }
        return try #require(found, "\(RouteScanner.coordinatorPath) not found under \(roots.map(\.path)) (set XCHECK_PACKAGE_ROOT)")
    }

    static func property(_ name: String, of schema: String, in root: JSONValue) -> JSONValue? {
        root["components"]?["schemas"]?[schema]?["properties"]?[name]
    }

    /// The string values of an enum, through `$ref`, `anyOf`/`oneOf` and `allOf`; `null` is left out.
    static func enumValues(_ node: JSONValue, in root: JSONValue) -> [String]? {
        guard let node = OpenAPISchemaValidator.resolved(node, in: root) else { return nil }
        if let values = node["enum"]?.array { return values.compactMap(\.string) }
        for key in ["anyOf", "oneOf", "allOf"] {
            for option in node[key]?.array ?? [] {
                if let values = Self.enumValues(option, in: root) { return values }
            }
        }
        return nil
    }

    static func collectReferences(in node: JSONValue, into references: inout [String]) {
        switch node {
        case .object(let object):
            if case .string(let reference)? = object["$ref"] { references.append(reference) }
            for (_, value) in object { Self.collectReferences(in: value, into: &references) }
        case .array(let array):
            for value in array { Self.collectReferences(in: value, into: &references) }
        default:
            break
        }
    }

    /// Every response of every operation, resolved: (status, response).
    static func walkResponses(in root: JSONValue, _ body: (String, JSONValue) -> Void) {
        for (_, item) in root["paths"]?.object ?? [:] {
            for (_, operation) in item.object ?? [:] {
                for (status, response) in operation["responses"]?.object ?? [:] {
                    if let response = OpenAPISchemaValidator.resolved(response, in: root) { body(status, response) }
                }
            }
        }
    }

    /// Every media type object of every request body and response: (a label, the media type object).
    static func walkMediaTypes(in root: JSONValue, _ body: (String, JSONValue) -> Void) {
        for (path, item) in root["paths"]?.object ?? [:] {
            for (method, operation) in item.object ?? [:] {
                if let request = operation["requestBody"].flatMap({ OpenAPISchemaValidator.resolved($0, in: root) }) {
                    for (type, media) in request["content"]?.object ?? [:] { body("\(method) \(path) request \(type)", media) }
                }
                for (status, response) in operation["responses"]?.object ?? [:] {
                    guard let response = OpenAPISchemaValidator.resolved(response, in: root) else { continue }
                    for (type, media) in response["content"]?.object ?? [:] { body("\(method) \(path) \(status) \(type)", media) }
                }
            }
        }
    }
}

extension OpenAPIDocumentTests {
    // MARK: - Reading the routes from the source

    /// Finds the routes `Coordinator.router()` registers by reading Coordinator.swift: route groups
    /// (`let x = router.group("p").add(middleware: AuthMiddleware(requirement: ...))`), route calls
    /// (`x.get("p", use: ...)`, `x.post(use: ...)`, ...) and route collections added with `SomeRoutes(...).add(to: x)`,
    /// whose `add(to:)` is read from their own file. Anything it cannot follow fails the test rather than being skipped.
    enum RouteScanner {
        static let coordinatorPath = "Sources/CoordinatorCore/Coordinator.swift"
        static let sourcesPath = "Sources/CoordinatorCore"
        static let methods = ["get", "post", "put", "patch", "delete", "head", "options", "on"]

        struct ScanError: Error, CustomStringConvertible {
            var description: String
        }

        struct Group {
            var prefix: String
            var auth: Auth
        }

        /// "METHOD /path [auth]" for every route.
        static func scan(root: URL) throws -> [String] {
            let source = try String(contentsOf: root.appendingPathComponent(Self.coordinatorPath), encoding: .utf8)
            let body = try Self.functionBody(named: "func router()", in: source)
            var groups: [String: Group] = ["router": Group(prefix: "", auth: .none)]
            var routes: [String] = []

            for statement in Self.statements(in: body) {
                // A group: let name = base.group("prefix")[.add(middleware: AuthMiddleware(requirement: ...))]
                if let match = statement.firstMatch(of: #/^let\s+(\w+)\s*=\s*(\w+)\.group\(\s*"([^"]*)"\s*\)/#) {
                    let base = try Self.group(String(match.2), in: groups, statement: statement)
                    var auth = base.auth
                    if statement.contains("AuthMiddleware") { auth = try Self.requirement(in: statement) }
                    groups[String(match.1)] = Group(prefix: Self.join(base.prefix, String(match.3)), auth: auth)
                    continue
                }
                // A route collection: SomeRoutes(...).add(to: group)
                if let match = statement.firstMatch(of: #/\b([A-Z]\w*)\(.*\)\s*\.add\(\s*to:\s*(\w+)\s*\)/#) {
                    let group = try Self.group(String(match.2), in: groups, statement: statement)
                    routes += try Self.collectionRoutes(type: String(match.1), root: root).map {
                        "\($0.method) \(Self.join(group.prefix, $0.path)) [\(group.auth)]"
                    }
                    continue
                }
                // Route calls on a group.
                for (receiver, method, path) in try Self.routeCalls(in: statement) {
                    let group = try Self.group(receiver, in: groups, statement: statement)
                    routes.append("\(method) \(Self.join(group.prefix, path)) [\(group.auth)]")
                }
            }
            guard !routes.isEmpty else { throw ScanError(description: "no route found in router()") }
            return routes
        }

        /// The routes a collection type registers in its `add(to:)`, relative to the group.
        static func collectionRoutes(type: String, root: URL) throws -> [(method: String, path: String)] {
            let directory = root.appendingPathComponent(Self.sourcesPath)
            guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
                throw ScanError(description: "cannot list \(directory.path)")
            }
            for case let url as URL in enumerator where url.pathExtension == "swift" {
                let text = try String(contentsOf: url, encoding: .utf8)
                guard text.contains("struct \(type)") || text.contains("extension \(type)") || text.contains("final class \(type)"),
                    text.contains("func add(to ")
                else { continue }
                let body = try Self.functionBody(named: "func add(to ", in: text)
                guard let parameter = text.firstMatch(of: #/func add\(to\s+(\w+)\s*:/#)?.1 else {
                    throw ScanError(description: "cannot read add(to:)'s parameter in \(url.lastPathComponent)")
                }
                var routes: [(String, String)] = []
                for statement in Self.statements(in: body) {
                    for (receiver, method, path) in try Self.routeCalls(in: statement) {
                        guard receiver == String(parameter) else {
                            throw ScanError(description: "\(type).add(to:) registers on '\(receiver)', which this scanner does not follow")
                        }
                        routes.append((method, path))
                    }
                }
                return routes
            }
            throw ScanError(description: "no file declares \(type) with an add(to:)")
        }

        /// (receiver, METHOD, path) of every `x.get("path", ...)`-style call in a statement.
        static func routeCalls(in statement: Substring) throws -> [(String, String, String)] {
            // Chained or inline registrations (`router.group("x").get(...)`) are not followed: refuse them.
            if statement.contains(#/\)\s*\.(get|post|put|patch|delete|head|options|on)\(/#)
                || (statement.contains(".group(") && !statement.hasPrefix("let "))
            {
                throw ScanError(description: "a route registration this scanner does not follow: \(statement)")
            }
            var calls: [(String, String, String)] = []
            for match in statement.matches(of: #/\b(\w+)\.(\w+)\(\s*("([^"]*)")?/#) {
                let method = String(match.2)
                guard Self.methods.contains(method), match.1 != "parameters", match.1 != "self" else { continue }
                guard method != "on" else { throw ScanError(description: "a route registered with .on(...) is not followed: \(statement)") }
                calls.append((String(match.1), method.uppercased(), match.4.map(String.init) ?? ""))
            }
            return calls
        }

        static func group(_ name: String, in groups: [String: Group], statement: Substring) throws -> Group {
            guard let group = groups[name] else { throw ScanError(description: "unknown route group '\(name)' in: \(statement)") }
            return group
        }

        /// The AuthMiddleware requirement written in a statement.
        static func requirement(in statement: Substring) throws -> Auth {
            if statement.contains("requirement: .agent") { return .agent }
            if let match = statement.firstMatch(of: #/requirement:\s*\.user\(\s*\.(\w+)\s*\)/#), let scope = Scope(rawValue: String(match.1)) {
                return .user(scope)
            }
            throw ScanError(description: "cannot read the AuthMiddleware requirement in: \(statement)")
        }

        /// "/a" + "b/:id" = "/a/b/:id"; an empty path is the prefix itself.
        static func join(_ prefix: String, _ path: String) -> String {
            let parts = (prefix.split(separator: "/") + path.split(separator: "/")).map(String.init)
            return "/" + parts.joined(separator: "/")
        }

        /// The text between the braces of the first function whose declaration contains `signature`.
        static func functionBody(named signature: String, in source: String) throws -> Substring {
            guard let start = source.range(of: signature), let open = source[start.upperBound...].firstIndex(of: "{") else {
                throw ScanError(description: "'\(signature)' not found")
            }
            var depth = 0
            var index = open
            while index < source.endIndex {
                switch source[index] {
                case "{": depth += 1
                case "}":
                    depth -= 1
                    if depth == 0 { return source[source.index(after: open)..<index] }
                default: break
                }
                index = source.index(after: index)
            }
            throw ScanError(description: "unbalanced braces after '\(signature)'")
        }

        /// The statements of a body: lines joined while parentheses are open; comments dropped.
        static func statements(in body: Substring) -> [Substring] {
            var statements: [Substring] = []
            var current = ""
            var depth = 0
            for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
                var code = line
                if let comment = code.range(of: "//") { code = code[..<comment.lowerBound] }
                current += code + " "
                for character in code {
                    if character == "(" { depth += 1 }
                    if character == ")" { depth -= 1 }
                }
                if depth <= 0 {
                    let trimmed = current.trimmingCharacters(in: .whitespaces)
                    if !trimmed.isEmpty { statements.append(Substring(trimmed)) }
                    current = ""
                    depth = 0
                }
            }
            return statements
        }
    }
}
