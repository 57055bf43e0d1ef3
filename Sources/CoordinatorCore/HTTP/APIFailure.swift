public import HTTPTypes
import XCheckProtocol

/// An error a route answers with: a status and the JSON error body `{"error": {"code", "message"}}`.
public struct APIFailure: Error, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static func badRequest(_ message: String) -> APIFailure { .init(.badRequest, "bad_request", message) }
    static func invalidJSON(_ message: String) -> APIFailure { .init(.badRequest, "invalid_json", message) }
    static func unauthorized() -> APIFailure { .init(.unauthorized, "unauthorized", "a valid bearer token is required") }
    static func forbidden(_ message: String) -> APIFailure { .init(.forbidden, "forbidden", message) }
    static func notFound(_ message: String) -> APIFailure { .init(.notFound, "not_found", message) }
    static func invalidTarget(_ message: String) -> APIFailure { .init(.unprocessableContent, "invalid_target", message) }
    static let databaseUnavailable = APIFailure(.serviceUnavailable, "database_unavailable", "the database is not reachable; try again shortly")
    static let bodyTooLarge = APIFailure(.contentTooLarge, "body_too_large", "the request body is larger than 1 MiB")
}
