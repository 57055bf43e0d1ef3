public import Curl

/// Settings of the probe engine. The defaults are what `xcheck probe` uses.
public struct ProbeConfiguration: Sendable {
    /// Limit for name resolution.
    public var dnsTimeout: Duration = .seconds(4)
    /// Limit for the TCP connection, after resolution.
    public var connectTimeout: Duration = .seconds(10)
    /// Limit for the TLS handshake, after the TCP connection.
    public var tlsTimeout: Duration = .seconds(10)
    /// Limit for one whole HTTP request (connection included).
    public var requestTimeout: Duration = .seconds(15)
    /// Redirects followed (each one checked: never to a stream URL).
    public var maxRedirects: Int = 5
    /// Response body cap.
    public var maxBodyBytes: Int = 1 << 20
    /// The User-Agent sent: a real player's, because some panels refuse unknown clients.
    public var userAgent: String = ProbeConfiguration.playerUserAgent
    /// Verify TLS certificates.
    public var verifyTLS: Bool = true
    /// A PEM file of CA certificates to trust instead of the system's.
    public var caFile: String? = nil
    /// After a TLS failure or a scheme mismatch, try the other scheme on the same port once.
    public var tryOtherScheme: Bool = true
    /// After a login answer, port-check the http, https and rtmp ports the panel advertises.
    public var checkAdvertisedPorts: Bool = true
    /// Politeness toward panels.
    public var politeness: PolitenessPolicy = .standard
    /// Called with every address before connecting to it; false refuses it (`target_forbidden`). nil allows all.
    public var addressPolicy: (@Sendable (String) -> Bool)? = nil
    /// IP versions used.
    public var ipVersion: TransferRequest.IPVersion = .any

    /// VLC's User-Agent, which most Android and TV players send.
    public static let playerUserAgent = "VLC/3.0.20 LibVLC/3.0.20"

    public init() {}
}
