import XCheckModel

/// The layer a check got stuck at, for comparing vantages stage by stage (OONI's order: DNS, then TCP, then
/// TLS, then HTTP). An answer that is not the panel's (a block page, an HTTP error) counts at `http`.
enum FailureLayer: Int, Sendable, Hashable, Comparable, CaseIterable {
    case dns, connect, tls, http

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The layer a (failed) result stopped at.
    init(of result: ProbeResult) {
        if result.hasHTTPAnswer {
            self = .http
            return
        }
        switch result.stage {
        case .dns: self = .dns
        case .connect: self = .connect
        case .tls: self = .tls
        case .http, .login: self = .http
        case nil:
            switch result.outcome {
            case .dnsNXDOMAIN, .dnsFailure: self = .dns
            case .connectionRefused, .connectionTimeout, .connectionReset, .networkUnreachable, .targetForbidden:
                self = .connect
            case .tlsFailure: self = .tls
            default: self = .http
            }
        }
    }

    /// Words for a sentence: "name resolution", "the TCP connection"...
    var phrase: String {
        switch self {
        case .dns: return "name resolution"
        case .connect: return "the TCP connection"
        case .tls: return "the TLS handshake"
        case .http: return "the HTTP answer"
        }
    }

    /// The blocking type of a failure at this layer without an HTTP answer.
    var blockingType: BlockingType {
        switch self {
        case .dns: return .dns
        case .connect: return .tcpIP
        case .tls, .http: return .httpFailure
        }
    }
}
