/// Why the simulator refused a configuration or could not start.
public enum SimulatorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The listen address is not loopback (`127.0.0.0/8`, `::1`, `localhost`).
    case nonLoopbackHost(String)
    /// The port is outside 0…65535.
    case invalidPort(Int)
    /// A mode's parameters are out of range, or a mode argument could not be parsed.
    case invalidMode(String)
    /// The certificate or key could not be loaded.
    case tlsSetup(String)
    /// The listener could not be bound.
    case bindFailed(address: String, reason: String)

    public var description: String {
        switch self {
        case .nonLoopbackHost(let host):
            "refusing to listen on non-loopback address '\(host)': only 127.0.0.0/8, ::1 and localhost are allowed"
        case .invalidPort(let port):
            "invalid port \(port): expected 0...65535"
        case .invalidMode(let message):
            "invalid mode: \(message)"
        case .tlsSetup(let message):
            "TLS setup failed: \(message)"
        case .bindFailed(let address, let reason):
            "could not listen on \(address): \(reason)"
        }
    }
}
