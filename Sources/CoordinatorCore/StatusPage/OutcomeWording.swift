import XCheckModel

/// An outcome code in plain words for the status page (the code itself is shown beside it).
enum OutcomeWording {
    static func words(_ outcome: Outcome) -> String {
        switch outcome {
        case .ok: "Login works"
        case .reachable: "Reachable"
        case .credentialsRejected: "Username or password rejected"
        case .loginRejected: "Login rejected (wrong credentials or inactive line)"
        case .accountExpired: "Subscription expired"
        case .accountBanned: "Line banned"
        case .accountDisabled: "Line disabled"
        case .maxConnectionsReached: "All connections in use"
        case .dnsNXDOMAIN: "Name does not exist"
        case .dnsFailure: "Name cannot be resolved"
        case .connectionRefused: "Connection refused"
        case .connectionTimeout: "Connection timed out"
        case .connectionReset: "Connection reset"
        case .networkUnreachable: "Network unreachable"
        case .tlsFailure: "TLS handshake failed"
        case .schemeMismatch: "Wrong scheme (http/https)"
        case .httpError: "HTTP error"
        case .cdnOriginError: "CDN cannot reach the panel"
        case .cdnChallenge: "CDN bot challenge"
        case .rateLimited: "Rate limited"
        case .notXtream: "Not an Xtream panel"
        case .responseTimeout: "No answer in time"
        case .targetForbidden: "Not checked (forbidden address)"
        }
    }

    /// A stage in words.
    static func words(_ stage: Stage) -> String {
        switch stage {
        case .dns: "DNS"
        case .connect: "TCP connect"
        case .tls: "TLS"
        case .http: "HTTP"
        case .login: "Login"
        }
    }
}
