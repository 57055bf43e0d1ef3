public import Curl
import XCheckModel
public import XCheckProtocol

/// Calls the coordinator's agent API (docs/protocol.md) over the libcurl driver: heartbeat, job poll and
/// result batches, JSON both ways, the token in `Authorization: Bearer`. Every call throws only
/// ``CoordinatorError`` or `CancellationError`.
public final class CoordinatorClient: Sendable {
    /// Where the coordinator is and how to talk to it.
    public struct Configuration: Sendable {
        /// The coordinator's base URL, without a trailing slash.
        public var baseURL: String
        /// The agent's token.
        public var token: AgentToken
        /// Limit for a heartbeat or a result batch (a poll gets its wait time on top).
        public var requestTimeout: Duration = .seconds(20)
        /// Limit for the TCP connection and for the TLS handshake, each.
        public var connectTimeout: Duration = .seconds(10)
        /// Answers larger than this are refused (``CoordinatorError/Code/invalidResponse``).
        public var maxResponseBytes: Int = 8 << 20
        /// A PEM file of CA certificates for the coordinator (default: the system's).
        public var caFile: String? = nil
        /// The User-Agent sent.
        public var userAgent: String = "xcheck-agent/\(AgentVersion.current)"

        public init(baseURL: String, token: AgentToken) {
            var url = baseURL
            while url.hasSuffix("/") { url.removeLast() }
            self.baseURL = url
            self.token = token
        }
    }

    /// The settings in force.
    public let configuration: Configuration
    private let driver: CurlDriver

    /// - Parameters:
    ///   - driver: the libcurl driver (started by the caller).
    ///   - configuration: the coordinator's URL and the token.
    public init(driver: CurlDriver, configuration: Configuration) {
        self.driver = driver
        self.configuration = configuration
    }

    /// The heartbeat path.
    public static let heartbeatPath = "/v1/agent/heartbeat"
    /// The job poll path.
    public static let pollPath = "/v1/agent/jobs/poll"
    /// The result batch path.
    public static let resultsPath = "/v1/agent/results"

    /// `POST /v1/agent/heartbeat`.
    public func heartbeat(_ heartbeat: AgentHeartbeat) async throws -> AgentHeartbeatResponse {
        try await self.post(Self.heartbeatPath, heartbeat, timeout: self.configuration.requestTimeout)
    }

    /// `POST /v1/agent/jobs/poll`: waits up to `request.waitSeconds` for jobs (the request's limit is longer
    /// than the wait, so an empty answer after the full wait is not a timeout).
    public func poll(_ request: AgentPollRequest) async throws -> AgentPollResponse {
        let timeout = self.configuration.requestTimeout + .seconds(max(0, request.waitSeconds))
        return try await self.post(Self.pollPath, request, timeout: timeout)
    }

    /// `POST /v1/agent/results`: answers with the ids the coordinator stored.
    public func sendResults(_ batch: AgentResultBatch) async throws -> AgentResultAck {
        try await self.post(Self.resultsPath, batch, timeout: self.configuration.requestTimeout)
    }

    private func post<Body: Encodable, Answer: Decodable>(
        _ path: String, _ body: Body, timeout: Duration
    ) async throws -> Answer {
        let bytes: [UInt8]
        do {
            bytes = try JSONCoding.encode(body)
        } catch {
            throw CoordinatorError(code: .badRequest, endpoint: path, message: "the request could not be encoded: \(error)")
        }
        let request = TransferRequest(
            url: self.configuration.baseURL + path,
            kind: .post(body: bytes, contentType: "application/json"),
            headers: ["Authorization: Bearer \(self.configuration.token.value)", "Accept: application/json"],
            userAgent: self.configuration.userAgent,
            connectTimeout: self.configuration.connectTimeout,
            tlsTimeout: self.configuration.connectTimeout,
            totalTimeout: timeout,
            maxRedirects: 0,
            maxBodyBytes: self.configuration.maxResponseBytes,
            verifyPeer: true,
            caFile: self.configuration.caFile
        )
        let report = try await self.driver.perform(request)
        return try Self.interpret(report, endpoint: path)
    }

    /// Maps a transfer report to the decoded answer or a ``CoordinatorError``.
    static func interpret<Answer: Decodable>(_ report: TransferReport, endpoint: String) throws(CoordinatorError) -> Answer {
        if report.abort == .bodyCapExceeded {
            throw CoordinatorError(
                code: .invalidResponse, endpoint: endpoint, status: report.httpStatus,
                message: "the answer is larger than \(report.body.count) bytes"
            )
        }
        guard let status = report.httpStatus, report.code == .ok else {
            let detail = report.errorMessage.isEmpty ? report.code.description : report.errorMessage
            throw CoordinatorError(code: .unavailable, endpoint: endpoint, message: detail)
        }
        let apiMessage = Self.apiErrorText(report.body)
        switch status {
        case 200...299:
            do {
                return try JSONCoding.decode(Answer.self, from: report.body)
            } catch {
                throw CoordinatorError(
                    code: .invalidResponse, endpoint: endpoint, status: status,
                    message: "the answer is not the expected JSON (\(report.body.count) bytes)"
                )
            }
        case 401:
            throw CoordinatorError(code: .unauthorized, endpoint: endpoint, status: status, message: apiMessage ?? "unauthorized")
        case 403:
            throw CoordinatorError(code: .forbidden, endpoint: endpoint, status: status, message: apiMessage ?? "forbidden")
        case 413:
            throw CoordinatorError(code: .payloadTooLarge, endpoint: endpoint, status: status, message: apiMessage ?? "body too large")
        case 400, 422:
            throw CoordinatorError(code: .badRequest, endpoint: endpoint, status: status, message: apiMessage ?? "bad request")
        case 429, 500...599:
            throw CoordinatorError(code: .server, endpoint: endpoint, status: status, message: apiMessage ?? "the coordinator cannot serve now")
        default:
            throw CoordinatorError(
                code: .invalidResponse, endpoint: endpoint, status: status,
                message: apiMessage ?? "unexpected status (is the coordinator URL right?)"
            )
        }
    }

    /// `code: message` from the coordinator's error JSON, cut to 200 characters; nil for any other body.
    static func apiErrorText(_ body: [UInt8]) -> String? {
        guard !body.isEmpty, let error = try? JSONCoding.decode(APIError.self, from: body) else { return nil }
        let text = "\(error.error.code): \(error.error.message)"
        let printable = String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(200).map(Character.init))
        return printable
    }
}
