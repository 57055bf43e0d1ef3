import XCheckProtocol
import Hummingbird
import XCheckModel

/// Monitored targets: create, list, get, delete, and their history.
struct TargetRoutes: Sendable {
    let targets: TargetStore
    let configuration: CoordinatorConfiguration

    @Sendable func create(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(TargetRequest.self, from: request, limit: self.configuration.maximumBodyBytes)
        let parsed: ParsedInput
        do {
            parsed = try TargetParser.parse(url: body.url, username: body.username, password: body.password)
        } catch {
            throw APIFailure.invalidTarget(error.message)
        }
        guard (60...86_400).contains(body.intervalSeconds) else {
            throw APIFailure.badRequest("interval_seconds must be 60 to 86400")
        }
        let name = body.name ?? parsed.target.baseURL
        guard (1...200).contains(name.count) else { throw APIFailure.badRequest("name must be 1 to 200 characters") }
        let document = try await self.targets.add(
            name: name, url: parsed.target.baseURL, username: parsed.target.username,
            password: parsed.target.password?.value, intervalSeconds: body.intervalSeconds,
            isPublic: body.public ?? false, regions: try RegionList.validated(body.regions))
        return try JSONBody.response(document, status: .created)
    }

    /// Runs a target now ("check again"), at most once every `targetRunSpacing`.
    @Sendable func run(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let spacing = Int(self.configuration.targetRunSpacing.components.seconds)
        switch try await self.targets.runNow(
            id: id, minimumSpacingSeconds: spacing, offlineAfterSeconds: Int(self.configuration.agentOfflineAfter.components.seconds))
        {
        case .notFound:
            throw APIFailure.notFound("no target \(id)")
        case .tooSoon(let ago):
            throw APIFailure(
                .tooManyRequests, "too_soon",
                "target \(id) ran \(ago) s ago; runs are at least \(spacing) s apart (panels ban addresses that log in too often)")
        case .started(let agents):
            return try JSONBody.response(TargetRunDocument(targetID: id, agents: agents))
        }
    }

    @Sendable func list(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        try JSONBody.response(["targets": try await self.targets.list()])
    }

    @Sendable func get(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        let id = try Self.id(context)
        guard let document = try await self.targets.get(id: id) else { throw APIFailure.notFound("no target \(id)") }
        return try JSONBody.response(document)
    }

    @Sendable func delete(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        let id = try Self.id(context)
        guard try await self.targets.delete(id: id) else { throw APIFailure.notFound("no target \(id)") }
        return Response(status: .noContent)
    }

    @Sendable func history(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        let id = try Self.id(context)
        guard try await self.targets.get(id: id) != nil else { throw APIFailure.notFound("no target \(id)") }
        let query = request.uri.queryParameters
        var since: Int64 = 0
        if let text = query.get("since") {
            guard let value = Int64(text), value >= 0 else { throw APIFailure.badRequest("since must be epoch seconds") }
            since = value
        }
        var limit = 100
        if let text = query.get("limit") {
            guard let value = Int(text), (1...1000).contains(value) else { throw APIFailure.badRequest("limit must be 1 to 1000") }
            limit = value
        }
        let page = try await self.targets.history(id: id, since: since, after: query.get("after"), limit: limit)
        return JSONBody.response(rawJSON: page)
    }

    /// The verdict of each agent's latest result within the window (default: three intervals of the target).
    @Sendable func verdict(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        let id = try Self.id(context)
        guard let target = try await self.targets.get(id: id) else { throw APIFailure.notFound("no target \(id)") }
        var window = TargetStore.defaultVerdictWindow(intervalSeconds: target.intervalSeconds)
        if let text = request.uri.queryParameters.get("window") {
            guard let value = Int(text), (60...604_800).contains(value) else { throw APIFailure.badRequest("window must be 60 to 604800 seconds") }
            window = value
        }
        let current = try await self.targets.currentVerdict(
            id: id, windowSeconds: window, offlineAfterSeconds: Int(self.configuration.agentOfflineAfter.components.seconds))
        let verdict = current.verdict
        return try JSONBody.response(TargetVerdictDocument(targetID: id, windowSeconds: window, verdict: verdict))
    }

    static func id(_ context: CoordinatorRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw APIFailure.notFound("target ids are positive integers")
        }
        return id
    }
}
