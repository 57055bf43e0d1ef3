/// What `server_info` says about the panel: the listener's address and the ports it advertises.
struct ServerIdentity: Sendable {
    /// Host without scheme or port, as panels put it in `server_info.url`.
    var url: String
    var httpPort: Int
    /// `nil` when the panel has no HTTPS port (`"https_port":""`).
    var httpsPort: Int?
    /// `http` or `https`.
    var serverProtocol: String

    init(configuration: SimulatorConfiguration, address: LoopbackAddress, boundPort: Int) {
        url = address.bindHost
        let isTLS = configuration.tls != nil
        httpPort = configuration.advertisedHTTPPort ?? boundPort
        httpsPort = configuration.advertisedHTTPSPort ?? (isTLS ? boundPort : nil)
        serverProtocol = isTLS ? "https" : "http"
    }
}
