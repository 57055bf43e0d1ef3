extension SimulatorConfiguration {
    /// Throws ``SimulatorError`` if the host is not loopback, a port is out of range or a mode parameter is invalid.
    /// ``PanelSimulator/start(_:)`` calls this first; tools can call it to check several listeners before binding.
    public func validate() throws(SimulatorError) {
        _ = try LoopbackAddress(host)
        guard (0...65_535).contains(port) else { throw .invalidPort(port) }
        for advertised in [advertisedHTTPPort, advertisedHTTPSPort].compactMap({ $0 }) {
            guard (0...65_535).contains(advertised) else { throw .invalidPort(advertised) }
        }
        try mode.validate()
    }
}

extension SimulatorConfiguration.Mode {
    /// Longest a slow answer may be delayed, and longest a drip or huge body may run.
    static let maximumDurationMilliseconds = 600_000

    func validate() throws(SimulatorError) {
        switch self {
        case .slow(let milliseconds):
            guard (0...Self.maximumDurationMilliseconds).contains(milliseconds) else {
                throw .invalidMode("slow delay must be 0...\(Self.maximumDurationMilliseconds) ms, got \(milliseconds)")
            }
        case .drip(let bytesPerTick, let tickMilliseconds):
            guard (1...1_048_576).contains(bytesPerTick) else {
                throw .invalidMode("drip bytes per tick must be 1...1048576, got \(bytesPerTick)")
            }
            guard (1...60_000).contains(tickMilliseconds) else {
                throw .invalidMode("drip tick must be 1...60000 ms, got \(tickMilliseconds)")
            }
        case .hugeBody(let bytes):
            guard bytes >= 0 else { throw .invalidMode("huge body size must not be negative, got \(bytes)") }
        case .serverError(let status):
            guard (400...599).contains(status) else {
                throw .invalidMode("server error status must be 400...599, got \(status)")
            }
        case .cloudflareOriginError(let status):
            guard (520...530).contains(status) else {
                throw .invalidMode("Cloudflare origin error status must be 520...530, got \(status)")
            }
        case .normal, .html, .redirectLoop, .cloudflareChallenge, .rateLimited, .ipBlocked, .resetAfterRequest,
            .closeWithoutResponse, .neverRespond:
            break
        }
    }
}
