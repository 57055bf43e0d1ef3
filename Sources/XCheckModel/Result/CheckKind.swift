/// What a check did.
public enum CheckKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A `player_api.php` login with the user's credentials.
    case login
    /// An HTTP request to `player_api.php` without credentials: is the server there at all?
    case reachability
    /// DNS and a TCP connection (plus a TLS handshake for TLS ports), no HTTP.
    case port
}
