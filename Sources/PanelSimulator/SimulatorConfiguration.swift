#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything that decides how a simulated Xtream panel answers.
///
/// The simulator only ever listens on loopback: `host` must be an address in `127.0.0.0/8`, `::1` or `localhost`.
public struct SimulatorConfiguration: Sendable {
    /// Which kind of panel to imitate.
    public var family: Family
    /// Normal operation or one of the failure modes that real panels and the networks in front of them show.
    public var mode: Mode
    /// The lines the panel knows.
    public var accounts: [Account]
    /// Loopback address to listen on (`127.0.0.0/8`, `::1` or `localhost`).
    public var host: String
    /// Port to listen on; 0 picks a free port.
    public var port: Int
    /// Certificate chain and private key; when set the listener speaks TLS.
    public var tls: TLSFiles?
    /// The HTTP port `server_info.port` advertises; `nil` advertises the listener's own port.
    public var advertisedHTTPPort: Int?
    /// The HTTPS port `server_info.https_port` advertises; `nil` advertises the listener's own port on a TLS
    /// listener and none (`""`) on a plain one.
    public var advertisedHTTPSPort: Int?
    /// The panel's clock in epoch seconds: `server_info.timestamp_now`, and the reference for account expiry.
    public var now: @Sendable () -> Int64

    /// Creates a configuration; every parameter has the default a plain XC v2 panel on `127.0.0.1` would have.
    public init(
        family: Family = .xtreamCodes,
        mode: Mode = .normal,
        accounts: [Account] = Account.defaults,
        host: String = "127.0.0.1",
        port: Int = 0,
        tls: TLSFiles? = nil,
        advertisedHTTPPort: Int? = nil,
        advertisedHTTPSPort: Int? = nil,
        now: @escaping @Sendable () -> Int64 = SimulatorConfiguration.systemClock
    ) {
        self.family = family
        self.mode = mode
        self.accounts = accounts
        self.host = host
        self.port = port
        self.tls = tls
        self.advertisedHTTPPort = advertisedHTTPPort
        self.advertisedHTTPSPort = advertisedHTTPSPort
        self.now = now
    }

    /// The system's wall clock in epoch seconds (the default `now`).
    public static let systemClock: @Sendable () -> Int64 = { Int64(time(nil)) }
}
