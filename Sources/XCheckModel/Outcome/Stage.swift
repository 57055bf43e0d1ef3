/// The stage of a check at which its outcome was decided.
public enum Stage: String, Sendable, Hashable, Codable, CaseIterable {
    /// Name resolution.
    case dns
    /// TCP connection.
    case connect
    /// TLS handshake.
    case tls
    /// HTTP request and response.
    case http
    /// Interpretation of the panel's `player_api.php` login answer.
    case login
}
