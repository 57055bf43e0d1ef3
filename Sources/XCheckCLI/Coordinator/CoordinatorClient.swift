import Curl
import FoundationEssentials
import XCheckProtocol

/// The user side of the coordinator's HTTP API, over the same libcurl driver as the probe.
struct CoordinatorClient: Sendable {
    /// Why a call failed.
    enum Failure: Error, CustomStringConvertible {
        /// No connection or no HTTP answer.
        case unreachable(String)
        /// The coordinator answered with an error.
        case refused(status: Int, code: String, message: String)
        /// The answer was not the expected JSON.
        case badAnswer(String)

        var description: String {
            switch self {
            case .unreachable(let why): return "the coordinator could not be reached (\(why))"
            case .refused(let status, let code, let message): return "the coordinator answered \(status) \(code): \(message)"
            case .badAnswer(let why): return "the coordinator's answer could not be read (\(why))"
            }
        }
    }

    let driver: CurlDriver
    let baseURL: String
    let token: String?
    /// The limit for one whole call (`xcheck check` lowers it to its --wait plus a margin).
    var totalTimeout: Duration = .seconds(90)

    func get<T: Decodable>(_ path: String, as type: T.Type) async throws -> T {
        try await self.send(path, body: nil, as: type)
    }

    func post<T: Decodable, B: Encodable>(_ path: String, _ body: B, as type: T.Type) async throws -> T {
        try await self.send(path, body: try JSONEncoder().encode(body), as: type)
    }

    func delete(_ path: String) async throws {
        let report = try await self.driver.perform(self.request(path, kind: .get, method: "DELETE"))
        try self.check(report)
    }

    private func request(_ path: String, kind: TransferRequest.Kind, method: String? = nil) -> TransferRequest {
        var headers = ["Accept: application/json"]
        if let token = self.token { headers.append("Authorization: Bearer \(token)") }
        var request = TransferRequest(
            url: self.baseURL + path, kind: kind, headers: headers, userAgent: "xcheck/\(XCheckVersion.current)",
            connectTimeout: min(.seconds(10), self.totalTimeout), totalTimeout: self.totalTimeout, maxRedirects: 0,
            maxBodyBytes: 16 << 20)
        request.customMethod = method
        return request
    }

    private func send<T: Decodable>(_ path: String, body: Data?, as type: T.Type) async throws -> T {
        let kind: TransferRequest.Kind = body.map { .post(body: Array($0), contentType: "application/json") } ?? .get
        let report = try await self.driver.perform(self.request(path, kind: kind))
        try self.check(report)
        do {
            return try JSONDecoder().decode(T.self, from: Data(report.body))
        } catch {
            throw Failure.badAnswer("\(error)")
        }
    }

    private func check(_ report: TransferReport) throws {
        guard let status = report.httpStatus, report.code == .ok else {
            throw Failure.unreachable(report.errorMessage.isEmpty ? report.code.description : report.errorMessage)
        }
        guard (200...299).contains(status) else {
            if let error = try? JSONDecoder().decode(APIError.self, from: Data(report.body)) {
                throw Failure.refused(status: status, code: error.error.code, message: error.error.message)
            }
            throw Failure.refused(status: status, code: "http_\(status)", message: "unexpected answer")
        }
    }
}
