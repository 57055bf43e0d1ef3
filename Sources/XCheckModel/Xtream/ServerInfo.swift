/// What the panel said about its server in `server_info`. Every field is optional because panels and
/// re-implementations send different subsets.
///
/// Decoding is tolerant: ports and timestamps are read from JSON strings or numbers, `"xui"` from any flag
/// spelling, and a field of the wrong type is nil instead of an error. The same keys are used when
/// xcheck encodes it (with explicit nulls).
public struct ServerInfo: Sendable, Hashable, Codable {
    /// The host name or IP the panel advertises for streams (normally without scheme or port).
    public var url: String?
    /// The HTTP port the panel advertises.
    public var port: Int?
    /// The HTTPS port the panel advertises.
    public var httpsPort: Int?
    /// The RTMP port the panel advertises.
    public var rtmpPort: Int?
    /// `"http"` or `"https"`: the protocol the panel advertises for this server.
    public var serverProtocol: String?
    /// The panel's clock, in Unix epoch seconds, when it answered.
    public var timestampNow: Int64?
    /// The panel's time zone (an IANA name such as `Europe/London`).
    public var timezone: String?
    /// True when the panel says it is XUI.one (`"xui": true`).
    public var isXUI: Bool
    /// The panel software version, when it sends one (XUI.one, XC_VM).
    public var version: String?

    public init(
        url: String? = nil,
        port: Int? = nil,
        httpsPort: Int? = nil,
        rtmpPort: Int? = nil,
        serverProtocol: String? = nil,
        timestampNow: Int64? = nil,
        timezone: String? = nil,
        isXUI: Bool = false,
        version: String? = nil
    ) {
        self.url = url
        self.port = port
        self.httpsPort = httpsPort
        self.rtmpPort = rtmpPort
        self.serverProtocol = serverProtocol
        self.timestampNow = timestampNow
        self.timezone = timezone
        self.isXUI = isXUI
        self.version = version
    }

    enum CodingKeys: String, CodingKey {
        case url
        case port
        case httpsPort = "https_port"
        case rtmpPort = "rtmp_port"
        case serverProtocol = "server_protocol"
        case timestampNow = "timestamp_now"
        case timezone
        case isXUI = "xui"
        case version
    }

    /// Reads a panel's `server_info` object (or xcheck's own encoding of it). Fails only when the value
    /// is not a JSON object.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func field(_ key: CodingKeys) -> FlexibleValue? {
            (try? container.decodeIfPresent(FlexibleValue.self, forKey: key)) ?? nil
        }
        self.url = field(.url)?.text
        self.port = field(.port)?.int
        self.httpsPort = field(.httpsPort)?.int
        self.rtmpPort = field(.rtmpPort)?.int
        self.serverProtocol = field(.serverProtocol)?.text
        self.timestampNow = field(.timestampNow)?.integer
        self.timezone = field(.timezone)?.text
        self.isXUI = field(.isXUI)?.flag ?? false
        self.version = field(.version)?.text
    }

    public func encode(to encoder: any Encoder) throws {
        // Explicit nulls: an absent value is part of the JSON contract.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.url, forKey: .url)
        try container.encode(self.port, forKey: .port)
        try container.encode(self.httpsPort, forKey: .httpsPort)
        try container.encode(self.rtmpPort, forKey: .rtmpPort)
        try container.encode(self.serverProtocol, forKey: .serverProtocol)
        try container.encode(self.timestampNow, forKey: .timestampNow)
        try container.encode(self.timezone, forKey: .timezone)
        try container.encode(self.isXUI, forKey: .isXUI)
        try container.encode(self.version, forKey: .version)
    }
}
