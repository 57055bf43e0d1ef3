import FoundationEssentials
import Hummingbird
import NIOCore

/// Reading and writing JSON bodies with a size cap and clear errors.
enum JSONBody {
    /// Decodes the request body; 413 past `limit` bytes, 400 `invalid_json` with the decoder's reason.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        try await self.decodeKeepingBody(type, from: request, limit: limit).value
    }

    /// Like `decode`, also returning the body's text: for a route that validates a document by decoding it and
    /// then hands PostgreSQL the text itself rather than a re-encoding.
    static func decodeKeepingBody<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> (value: T, body: String) {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIFailure.bodyTooLarge
        } catch is NIOTooManyBytesError {
            throw APIFailure.bodyTooLarge
        }
        guard buffer.readableBytes > 0 else { throw APIFailure.invalidJSON("the request body is empty; a JSON object is expected") }
        do {
            let value = try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
            return (value, String(decoding: buffer.readableBytesView, as: UTF8.self))
        } catch let error as DecodingError {
            throw APIFailure.invalidJSON(Self.describe(error))
        } catch {
            throw APIFailure.invalidJSON("the body is not valid JSON")
        }
    }

    /// A 200 (or other status) response with a JSON body.
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A 200 response whose body is JSON text already made (by PostgreSQL, for pages of stored documents).
    static func response(rawJSON: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: rawJSON)))
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the body" : "'\(keys.joined(separator: "."))'"
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "the body is not valid JSON" : "\(path(context)) is not valid"
        case .keyNotFound(let key, let context):
            let parent = context.codingPath.isEmpty ? "" : " in \(path(context))"
            return "the field '\(key.stringValue)' is missing\(parent)"
        case .typeMismatch(let type, let context):
            return "\(path(context)) has the wrong type (expected \(Self.name(type)))"
        case .valueNotFound(let type, let context):
            return "\(path(context)) is null (expected \(Self.name(type)))"
        @unknown default:
            return "the body does not match the expected JSON"
        }
    }

    static func name(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Bool.Type: return "true or false"
        case is Double.Type: return "a number"
        default: return "\(type)".lowercased().hasPrefix("array") ? "an array" : "an object"
        }
    }
}
