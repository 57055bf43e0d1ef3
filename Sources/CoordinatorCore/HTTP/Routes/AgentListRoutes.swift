import XCheckProtocol
import Hummingbird

/// `GET /v1/agents`: the enrolled agents, their region, network, last contact and load (never tokens).
struct AgentListRoutes: Sendable {
    let agents: AgentStore

    @Sendable func list(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        try JSONBody.response(["agents": try await self.agents.list()])
    }
}
