import XCheckProtocol
import Hummingbird
import XCheckModel

/// Ad-hoc checks: `POST /v1/checks` fans one job out to every live agent and answers when all have answered
/// or the wait runs out; `GET /v1/checks/{id}` returns the same document later.
struct CheckRoutes: Sendable {
    let checks: CheckStore
    let hub: NotificationHub
    let configuration: CoordinatorConfiguration

    @Sendable func create(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(CheckRequest.self, from: request, limit: self.configuration.maximumBodyBytes)
        let parsed: ParsedInput
        do {
            parsed = try TargetParser.parse(url: body.url, username: body.username, password: body.password)
        } catch {
            throw APIFailure.invalidTarget(error.message)
        }
        let regions = try RegionList.validated(body.regions)
        let maximumWait = Int(self.configuration.maximumCheckWait.components.seconds)
        let wait = body.waitSeconds ?? Int(self.configuration.defaultCheckWait.components.seconds)
        guard (0...maximumWait).contains(wait) else { throw APIFailure.badRequest("wait_seconds must be 0 to \(maximumWait)") }
        let target = parsed.target
        let isPrivate = body.private ?? false
        let kind = target.hasCredentials && !isPrivate ? "login" : "reachability"
        let created = try await self.checks.create(
            kind: kind, url: target.baseURL, username: target.username,
            password: kind == "login" ? target.password?.value : nil, regions: regions)

        let deadline = ContinuousClock.now + .seconds(wait)
        while ContinuousClock.now < deadline && !self.hub.isStopped {
            let mark = self.hub.mark()
            let progress = try await self.checks.progress(id: created.id)
            if progress.answered >= progress.jobs { break }
            await self.hub.wait(for: "results:\(created.id)", since: mark, timeout: deadline - ContinuousClock.now)
            if Task.isCancelled { break }
        }
        guard var document = try await self.checks.document(id: created.id) else {
            throw APIFailure(.internalServerError, "internal", "the check could not be read back")
        }
        document.reused = created.reused
        return try JSONBody.response(document)
    }

    @Sendable func get(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard let document = try await self.checks.document(id: id) else { throw APIFailure.notFound("no check with id '\(id.prefix(64))'") }
        return try JSONBody.response(document)
    }
}
