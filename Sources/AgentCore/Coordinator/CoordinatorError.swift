/// A coordinator call that did not succeed, by what the agent should do about it.
public struct CoordinatorError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        public var description: String { self.name }

        /// 401: the token is unknown or revoked. Fatal: the agent stops.
        public static let unauthorized = Code(name: "unauthorized")
        /// 403: the token is not an agent token. Fatal: the agent stops.
        public static let forbidden = Code(name: "forbidden")
        /// No HTTP answer: DNS, connection, TLS or timeout. Retried with back-off.
        public static let unavailable = Code(name: "unavailable")
        /// 5xx or 429: the coordinator is there but cannot serve now. Retried with back-off.
        public static let server = Code(name: "server")
        /// 400: the coordinator refused the request as invalid. Retrying the same request cannot help.
        public static let badRequest = Code(name: "bad_request")
        /// 413: the body was too large; send less at once.
        public static let payloadTooLarge = Code(name: "payload_too_large")
        /// An answer the agent does not understand (unexpected status, invalid JSON, too large). Retried.
        public static let invalidResponse = Code(name: "invalid_response")
    }

    public var code: Code
    /// The path called, e.g. `/v1/agent/results`.
    public var endpoint: String
    /// The HTTP status, when an answer came.
    public var status: Int?
    /// What happened, in words (never the token).
    public var message: String

    public init(code: Code, endpoint: String, status: Int? = nil, message: String) {
        self.code = code
        self.endpoint = endpoint
        self.status = status
        self.message = message
    }

    /// True when the agent must stop: its token is refused.
    public var isFatal: Bool { self.code == .unauthorized || self.code == .forbidden }

    /// True when the same call may succeed later (wait with back-off, then retry).
    public var isRetryable: Bool {
        self.code == .unavailable || self.code == .server || self.code == .invalidResponse
    }

    public var description: String {
        let status = self.status.map { " (HTTP \($0))" } ?? ""
        switch self.code {
        case .unauthorized:
            return "the coordinator refused this agent's token\(status) on \(self.endpoint): it is unknown or revoked; "
                + "create a new one with `xcheck-coordinator agents add` and set XCHECK_AGENT_TOKEN"
        case .forbidden:
            return "the coordinator refused this token for the agent API\(status) on \(self.endpoint): it is not an agent token"
        default:
            return "\(self.endpoint): \(self.code)\(status): \(self.message)"
        }
    }
}
