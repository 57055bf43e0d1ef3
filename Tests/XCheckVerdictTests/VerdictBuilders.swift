import XCheckModel
import XCheckVerdict

/// The target every synthetic check is about.
enum Fixture {
    static let target = TargetSummary(
        url: "http://panel.example:8080", scheme: .http, host: "panel.example", port: 8080, username: "alice"
    )
    /// The panel's real address.
    static let panelAddress = "203.0.113.10"
}

/// What the second attempt of an observation is.
enum Second: Sendable {
    /// A confirmation with the same outcome when the first attempt failed at the network level, none otherwise.
    case auto
    /// No second attempt.
    case none
    /// A second attempt with this outcome.
    case outcome(Outcome)
}

/// Builds probe results and observations with a given outcome, stage and resolved addresses.
enum Build {
    /// The stage a real probe reports for an outcome.
    static func defaultStage(_ outcome: Outcome) -> Stage? {
        switch outcome {
        case .ok, .reachable: return nil
        case .credentialsRejected, .loginRejected, .accountExpired, .accountBanned, .accountDisabled,
            .maxConnectionsReached:
            return .login
        case .dnsNXDOMAIN, .dnsFailure: return .dns
        case .connectionRefused, .connectionTimeout, .connectionReset, .networkUnreachable, .targetForbidden:
            return .connect
        case .tlsFailure: return .tls
        case .schemeMismatch, .httpError, .cdnOriginError, .cdnChallenge, .rateLimited, .notXtream, .responseTimeout:
            return .http
        }
    }

    static func result(
        _ outcome: Outcome,
        stage: Stage?? = nil,
        status: Int? = nil,
        addresses: [String]? = nil,
        kind: CheckKind = .login,
        alternatives: [Alternative] = [],
        target: TargetSummary = Fixture.target
    ) -> ProbeResult {
        let resolvedStage = stage ?? Self.defaultStage(outcome)
        let resolved = addresses ?? (resolvedStage == .dns ? [] : [Fixture.panelAddress])
        var httpStatus = status
        if httpStatus == nil {
            switch outcome {
            case .ok, .credentialsRejected, .accountExpired, .accountBanned, .accountDisabled, .maxConnectionsReached,
                .notXtream:
                httpStatus = 200
            case .loginRejected: httpStatus = 404
            case .rateLimited: httpStatus = 429
            case .cdnOriginError: httpStatus = 522
            case .cdnChallenge: httpStatus = 403
            case .schemeMismatch: httpStatus = 400
            default: break
            }
        }
        return ProbeResult(
            target: target, kind: kind, outcome: outcome, stage: resolvedStage, detail: "synthetic \(outcome.rawValue)",
            httpStatus: httpStatus,
            timings: StageTimings(dns: 5, connect: resolvedStage == .dns ? nil : 20, total: 120),
            resolvedAddresses: resolved,
            connectedAddress: resolved.first,
            alternatives: alternatives
        )
    }

    static func observation(
        _ vantage: Vantage,
        _ outcome: Outcome,
        second: Second = .auto,
        stage: Stage?? = nil,
        status: Int? = nil,
        addresses: [String]? = nil,
        kind: CheckKind = .login,
        alternatives: [Alternative] = []
    ) -> VantageObservation {
        let first = Self.result(outcome, stage: stage, status: status, addresses: addresses, kind: kind, alternatives: alternatives)
        let confirmation: ProbeResult?
        switch second {
        case .auto:
            confirmation = first.outcome.isNetworkLevel(status: first.httpStatus) ? first : nil
        case .none:
            confirmation = nil
        case .outcome(let outcome):
            confirmation = Self.result(outcome, kind: kind)
        }
        return VantageObservation(vantage: vantage, result: first, confirmation: confirmation)
    }
}

extension Outcome {
    /// Mirrors the engine's network-level rule, for building confirmations.
    func isNetworkLevel(status: Int?) -> Bool {
        switch self {
        case .dnsNXDOMAIN, .dnsFailure, .connectionRefused, .connectionTimeout, .connectionReset, .networkUnreachable,
            .tlsFailure, .responseTimeout:
            return true
        case .httpError: return status == nil
        default: return false
        }
    }

    static let accountOutcomes: [Outcome] = Outcome.allCases.filter(\.isAccountProblem)
}

/// Short vantage constructors: each agent in its own network unless told otherwise.
func agent(_ name: String, _ region: String, network: String? = nil) -> Vantage {
    Vantage(name: name, kind: .agent, region: region, network: network ?? "net-\(name)")
}

func local(region: String = "local", network: String = "home-isp") -> Vantage {
    Vantage(name: "local", kind: .local, region: region, network: network)
}

/// An observation: shorthand for ``Build/observation(_:_:second:stage:status:addresses:kind:alternatives:)``.
func obs(
    _ vantage: Vantage, _ outcome: Outcome, second: Second = .auto, stage: Stage?? = nil, status: Int? = nil,
    addresses: [String]? = nil, kind: CheckKind = .login, alternatives: [Alternative] = []
) -> VantageObservation {
    Build.observation(
        vantage, outcome, second: second, stage: stage, status: status, addresses: addresses, kind: kind,
        alternatives: alternatives
    )
}

/// Three healthy agents in three regions.
func healthyAgents(_ outcome: Outcome = .ok, kind: CheckKind = .login) -> [VantageObservation] {
    [
        obs(agent("eu-1", "eu"), outcome, kind: kind),
        obs(agent("us-1", "us"), outcome, kind: kind),
        obs(agent("asia-1", "asia"), outcome, kind: kind),
    ]
}

extension Verdict {
    func region(_ name: String) -> RegionReport? { self.regions.first { $0.region == name } }
    func vantage(_ name: String) -> VantageReport? { self.vantages.first { $0.name == name } }
}
