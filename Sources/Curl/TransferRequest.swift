/// One libcurl transfer to perform: an HTTP(S) request, or a connect-only check of a port.
///
/// Every transfer uses a fresh connection (no reuse), so each measurement includes connection set-up.
public struct TransferRequest: Sendable {
    /// What the transfer does once connected.
    public enum Kind: Sendable, Hashable {
        /// An HTTP GET.
        case get
        /// An HTTP POST with a form or JSON body.
        case post(body: [UInt8], contentType: String)
        /// Connect (and, for https URLs, complete the TLS handshake), then stop without sending a request.
        case connectOnly
    }

    /// IP versions the connection may use.
    public enum IPVersion: Sendable, Hashable { case any, v4, v6 }

    /// The URL; only http and https are allowed.
    public var url: String
    /// The kind of transfer.
    public var kind: Kind
    /// Extra request headers, as "Name: value" lines.
    public var headers: [String]
    /// The User-Agent header.
    public var userAgent: String?
    /// Pre-resolved addresses for the URL's host, so that libcurl skips its own name resolution: the caller
    /// resolved (and timed) the name itself. Numeric addresses only.
    public var resolvedAddresses: [String]
    /// The URL's host and port, needed with ``resolvedAddresses``.
    public var resolveHost: (host: String, port: Int)?
    /// Limit for the name resolution stage (only applies when libcurl resolves the name itself).
    public var dnsTimeout: Duration
    /// Limit for the TCP connection stage, counted from the end of name resolution.
    public var connectTimeout: Duration
    /// Limit for the TLS handshake stage, counted from the TCP connection.
    public var tlsTimeout: Duration
    /// Limit for the whole transfer.
    public var totalTimeout: Duration
    /// Redirects to follow (0: none).
    public var maxRedirects: Int
    /// Response body bytes to keep; a larger body aborts the transfer and sets ``TransferReport/bodyTruncated``.
    public var maxBodyBytes: Int
    /// Response header bytes to keep.
    public var maxHeaderBytes: Int
    /// Verify the server's certificate chain and name (default true).
    public var verifyPeer: Bool
    /// A PEM file of CA certificates to trust instead of the system's.
    public var caFile: String?
    /// IP versions allowed.
    public var ipVersion: IPVersion
    /// An HTTP method other than the one `kind` implies, e.g. "DELETE" (`CURLOPT_CUSTOMREQUEST`).
    public var customMethod: String? = nil
    /// Called on the driver thread with the address about to be used, before any request byte is sent. Return
    /// false to refuse the connection; the transfer then ends with ``TransferAbort/addressRefused``.
    public var addressPolicy: (@Sendable (String) -> Bool)?

    public init(
        url: String,
        kind: Kind = .get,
        headers: [String] = [],
        userAgent: String? = nil,
        resolvedAddresses: [String] = [],
        resolveHost: (host: String, port: Int)? = nil,
        dnsTimeout: Duration = .seconds(4),
        connectTimeout: Duration = .seconds(10),
        tlsTimeout: Duration = .seconds(10),
        totalTimeout: Duration = .seconds(15),
        maxRedirects: Int = 5,
        maxBodyBytes: Int = 1 << 20,
        maxHeaderBytes: Int = 64 << 10,
        verifyPeer: Bool = true,
        caFile: String? = nil,
        ipVersion: IPVersion = .any,
        addressPolicy: (@Sendable (String) -> Bool)? = nil
    ) {
        self.url = url
        self.kind = kind
        self.headers = headers
        self.userAgent = userAgent
        self.resolvedAddresses = resolvedAddresses
        self.resolveHost = resolveHost
        self.dnsTimeout = dnsTimeout
        self.connectTimeout = connectTimeout
        self.tlsTimeout = tlsTimeout
        self.totalTimeout = totalTimeout
        self.maxRedirects = maxRedirects
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.verifyPeer = verifyPeer
        self.caFile = caFile
        self.ipVersion = ipVersion
        self.addressPolicy = addressPolicy
    }

    /// True for https URLs.
    public var isHTTPS: Bool { self.url.lowercased().hasPrefix("https://") }
}
