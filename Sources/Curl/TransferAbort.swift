/// Why the driver stopped a transfer itself, before libcurl finished it.
public enum TransferAbort: String, Sendable, Hashable {
    /// Name resolution did not finish within the DNS timeout.
    case dnsTimeout = "dns_timeout"
    /// The TCP connection was not established within the connect timeout.
    case connectTimeout = "connect_timeout"
    /// The TLS handshake did not finish within the TLS timeout.
    case tlsTimeout = "tls_timeout"
    /// The response body exceeded the cap.
    case bodyCapExceeded = "body_cap_exceeded"
    /// The response headers exceeded the cap.
    case headerCapExceeded = "header_cap_exceeded"
    /// The address policy refused the address about to be connected to.
    case addressRefused = "address_refused"
}
