/// How a vantage is blocked, after OONI Web Connectivity's blocking types (`vantages[].blocking`).
public enum BlockingType: String, Sendable, Hashable, Codable, CaseIterable {
    /// The name does not resolve there, or resolves to addresses sharing none with the networks that reach
    /// the panel.
    case dns
    /// The TCP connection is dropped, refused or reset, or there is no route.
    case tcpIP = "tcp_ip"
    /// TLS or HTTP breaks after the connection is made: handshake failure, reset, no answer in time.
    case httpFailure = "http_failure"
    /// An HTTP answer that is not the panel's (a block page, an error, a redirect) where others get Xtream JSON.
    case httpDiff = "http_diff"
}
