import FoundationEssentials
import Hummingbird
import LibPQ
import Logging
import NIOCore
import XCheckProtocol

/// Turns every error into a JSON error body with the right status: 400 for malformed JSON, 413 for large
/// bodies, 503 while PostgreSQL is unreachable, 500 (logged, details withheld) for anything unexpected.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let failure as APIFailure {
            return Self.response(failure)
        } catch let error as HTTPError {
            if error.status == .contentTooLarge { return Self.response(.bodyTooLarge) }
            if error.status == .notFound { return Self.response(.notFound("no such route")) }
            return Self.response(APIFailure(error.status, "http_error", error.body ?? error.status.reasonPhrase))
        } catch let error as PostgresError {
            switch error.code {
            case .connectionFailed, .poolTimeout, .tooManyPending, .closed:
                context.logger.warning("database unavailable", metadata: ["error": "\(error)"])
                return Self.response(.databaseUnavailable)
            default:
                // The description carries SQLSTATE and the primary message, never parameter values.
                context.logger.error("database error", metadata: ["error": "\(error)"])
                return Self.response(APIFailure(.internalServerError, "internal", "internal error"))
            }
        } catch is NIOTooManyBytesError {
            return Self.response(.bodyTooLarge)
        } catch is CancellationError {
            return Self.response(APIFailure(.serviceUnavailable, "shutting_down", "the coordinator is shutting down"))
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(describing: type(of: error)))"])
            return Self.response(APIFailure(.internalServerError, "internal", "internal error"))
        }
    }

    static func response(_ failure: APIFailure) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(APIError(code: failure.code, message: failure.message))) ?? Data()
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if failure.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: failure.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
