import Hummingbird

/// Authenticates the bearer token and enforces what the route group requires: an agent, or a user with at
/// least a scope. Unknown or revoked token: 401. Wrong kind or too small a scope: 403.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = CoordinatorRequestContext

    enum Requirement: Sendable {
        case agent
        case user(Scope)
    }

    let requirement: Requirement
    let agents: AgentStore
    let tokens: TokenStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
            let token = IssuedToken.parse(String(header.dropFirst("bearer ".count)).trimmingSpaces())
        else { throw APIFailure.unauthorized() }
        var context = context
        switch (token.kind, self.requirement) {
        case (.agent, .agent):
            guard let agent = try await self.agents.authenticate(token) else { throw APIFailure.unauthorized() }
            context.identity = .agent(id: agent.id, name: agent.name, region: agent.region, network: agent.network)
        case (.api, .user(let needed)):
            guard let user = try await self.tokens.authenticate(token) else { throw APIFailure.unauthorized() }
            guard user.scope >= needed else {
                throw APIFailure.forbidden("this token's scope is '\(user.scope.rawValue)'; this needs '\(needed.rawValue)'")
            }
            context.identity = .user(name: user.name, scope: user.scope)
        case (.agent, .user):
            guard try await self.agents.authenticate(token) != nil else { throw APIFailure.unauthorized() }
            throw APIFailure.forbidden("an agent token cannot use the user API")
        case (.api, .agent):
            guard try await self.tokens.authenticate(token) != nil else { throw APIFailure.unauthorized() }
            throw APIFailure.forbidden("only agents can use the agent API")
        }
        return try await next(request, context)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
