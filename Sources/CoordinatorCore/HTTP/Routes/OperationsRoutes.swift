import XCheckProtocol
import Hummingbird
import LibPQ

/// `/healthz` (ready only when the database answers) and `/metrics`.
struct OperationsRoutes: Sendable {
    let pool: PostgresConnectionPool
    let metrics: CoordinatorMetrics

    struct Health: Encodable {
        var status: String
        var database: String
    }

    @Sendable func health(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        do {
            _ = try await self.pool.query("SELECT 1")
            return try JSONBody.response(Health(status: "ok", database: "up"))
        } catch {
            return try JSONBody.response(Health(status: "unavailable", database: "down"), status: .serviceUnavailable)
        }
    }

    @Sendable func prometheus(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: self.metrics.render())))
    }

    @Sendable func openAPI(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
}
