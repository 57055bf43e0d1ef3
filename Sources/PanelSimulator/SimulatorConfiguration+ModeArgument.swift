extension SimulatorConfiguration.Mode {
    /// Parses the command-line spelling of a mode: `normal`, `slow:MS`, `drip:BYTES:MS`, `huge:BYTES`, `html`,
    /// `redirect-loop`, `error:STATUS`, `cf-challenge`, `cf-origin:STATUS`, `rate-limited`, `ip-blocked`, `reset`,
    /// `close`, `never`. The parsed mode is also validated.
    public init(argument: String) throws(SimulatorError) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func number(_ index: Int) throws(SimulatorError) -> Int {
            guard index < parts.count, let value = Int(parts[index]) else {
                throw .invalidMode("'\(argument)' needs a number in position \(index + 1)")
            }
            return value
        }
        func expectCount(_ count: Int) throws(SimulatorError) {
            guard parts.count == count else { throw .invalidMode("'\(argument)' has the wrong number of parts") }
        }
        let mode: Self
        switch parts[0] {
        case "normal": try expectCount(1); mode = .normal
        case "slow": try expectCount(2); mode = .slow(milliseconds: try number(1))
        case "drip": try expectCount(3); mode = .drip(bytesPerTick: try number(1), tickMilliseconds: try number(2))
        case "huge": try expectCount(2); mode = .hugeBody(bytes: try number(1))
        case "html": try expectCount(1); mode = .html
        case "redirect-loop": try expectCount(1); mode = .redirectLoop
        case "error": try expectCount(2); mode = .serverError(status: try number(1))
        case "cf-challenge": try expectCount(1); mode = .cloudflareChallenge
        case "cf-origin": try expectCount(2); mode = .cloudflareOriginError(status: try number(1))
        case "rate-limited": try expectCount(1); mode = .rateLimited
        case "ip-blocked": try expectCount(1); mode = .ipBlocked
        case "reset": try expectCount(1); mode = .resetAfterRequest
        case "close": try expectCount(1); mode = .closeWithoutResponse
        case "never": try expectCount(1); mode = .neverRespond
        default:
            throw .invalidMode(
                "unknown mode '\(argument)'; expected normal, slow:MS, drip:BYTES:MS, huge:BYTES, html, "
                    + "redirect-loop, error:STATUS, cf-challenge, cf-origin:STATUS, rate-limited, ip-blocked, "
                    + "reset, close or never"
            )
        }
        try mode.validate()
        self = mode
    }

    /// The command-line spelling of this mode (the inverse of ``init(argument:)``).
    public var argument: String {
        switch self {
        case .normal: "normal"
        case .slow(let milliseconds): "slow:\(milliseconds)"
        case .drip(let bytes, let tick): "drip:\(bytes):\(tick)"
        case .hugeBody(let bytes): "huge:\(bytes)"
        case .html: "html"
        case .redirectLoop: "redirect-loop"
        case .serverError(let status): "error:\(status)"
        case .cloudflareChallenge: "cf-challenge"
        case .cloudflareOriginError(let status): "cf-origin:\(status)"
        case .rateLimited: "rate-limited"
        case .ipBlocked: "ip-blocked"
        case .resetAfterRequest: "reset"
        case .closeWithoutResponse: "close"
        case .neverRespond: "never"
        }
    }
}
