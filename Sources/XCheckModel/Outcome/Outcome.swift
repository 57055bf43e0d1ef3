/// The result of one check, as a stable snake_case code. docs/taxonomy.md explains each code: what it means,
/// how it is detected and what the user should do.
///
/// A failed check is an ``Outcome`` value, never a thrown error.
public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// Logged in; the account is active and has a free connection.
    case ok
    /// No credentials were given; the server answered HTTP (a port check: the port accepted the connection).
    case reachable
    /// The panel answered the login with `auth: 0` or an HTTP 401/403 error object: wrong username or password.
    case credentialsRejected = "credentials_rejected"
    /// An XUI-family panel answered 404: wrong credentials or an inactive line; the panel does not say which.
    case loginRejected = "login_rejected"
    /// The account exists but its expiry date has passed (judged on the panel's clock, `timestamp_now`; on
    /// this machine's clock only when the panel sends none).
    case accountExpired = "account_expired"
    /// The account was banned by the provider.
    case accountBanned = "account_banned"
    /// The account was disabled by the provider.
    case accountDisabled = "account_disabled"
    /// The account is active but every allowed connection is in use.
    case maxConnectionsReached = "max_connections_reached"
    /// The name does not exist (NXDOMAIN).
    case dnsNXDOMAIN = "dns_nxdomain"
    /// The name could not be resolved for another reason (resolver failure, timeout, no address).
    case dnsFailure = "dns_failure"
    /// The host answered the TCP connection attempt with a reset: nothing listens on that port.
    case connectionRefused = "connection_refused"
    /// No answer to the TCP connection attempt within the connect timeout.
    case connectionTimeout = "connection_timeout"
    /// The connection was reset after it was established.
    case connectionReset = "connection_reset"
    /// No route to the host or network.
    case networkUnreachable = "network_unreachable"
    /// The TLS handshake failed (certificate, protocol or handshake timeout).
    case tlsFailure = "tls_failure"
    /// http was used on a TLS port or https on a plain-HTTP port.
    case schemeMismatch = "scheme_mismatch"
    /// The server answered with an HTTP error, or a broken HTTP response.
    case httpError = "http_error"
    /// A CDN in front of the panel answered that it cannot reach the panel (Cloudflare 52x).
    case cdnOriginError = "cdn_origin_error"
    /// A CDN in front of the panel answered with a bot challenge instead of the panel.
    case cdnChallenge = "cdn_challenge"
    /// The panel answered 429, or 403 with an empty body or nginx's standard page: this address is rate
    /// limited or blocked by the panel. Also the answer when xcheck did not contact a host it is backing off from.
    case rateLimited = "rate_limited"
    /// The server answered, but not as an Xtream panel (HTML, a block page, unrelated JSON, an oversized body).
    case notXtream = "not_xtream"
    /// Connected, but the response did not arrive within the request timeout.
    case responseTimeout = "response_timeout"
    /// The check was not run because the target resolves to an address the agent refuses to check.
    case targetForbidden = "target_forbidden"

    /// True for the outcomes that mean "nothing is wrong": `ok` and `reachable`.
    public var isHealthy: Bool { self == .ok || self == .reachable }

    /// True for outcomes decided by the panel about the account (the server itself works).
    public var isAccountProblem: Bool {
        switch self {
        case .credentialsRejected, .loginRejected, .accountExpired, .accountBanned, .accountDisabled,
            .maxConnectionsReached:
            return true
        default:
            return false
        }
    }
}
