public import Curl
public import XCheckModel

/// Diagnoses an Xtream server from this machine: DNS, TCP connect, TLS, HTTP and the `player_api.php` login,
/// each stage timed and limited on its own, on libcurl's multi interface. Many checks may run at once; the
/// engine's ``PolitenessGate`` keeps them gentle toward each panel.
///
/// A failed check is a ``ProbeResult`` with an ``Outcome``; `probe` throws only `CancellationError`.
public final class ProbeEngine: Sendable {
    /// The settings in force.
    public let configuration: ProbeConfiguration
    let driver: CurlDriver
    let resolver: NameResolver
    /// The politeness rules shared by every check of this engine.
    public let gate: PolitenessGate
    let epochNow: @Sendable () -> Int64

    /// - Parameters:
    ///   - driver: the libcurl driver the checks run on (started by the caller).
    ///   - configuration: timeouts, caps and politeness.
    ///   - resolver: the name resolver.
    public init(driver: CurlDriver, configuration: ProbeConfiguration = ProbeConfiguration(), resolver: NameResolver = NameResolver()) {
        self.driver = driver
        self.configuration = configuration
        self.resolver = resolver
        self.gate = PolitenessGate(policy: configuration.politeness)
        self.epochNow = { EpochClock.now() }
    }

    /// Checks one target: a login when it has credentials, otherwise a credential-less reachability check.
    /// - Parameter input: the parsed target and the warnings about the user's input (copied into the result).
    public func probe(_ input: ParsedInput) async throws -> ProbeResult {
        let target = input.target
        var result = ProbeResult(
            target: TargetSummary(target),
            kind: target.hasCredentials ? .login : .reachability,
            inputWarnings: input.warnings,
            outcome: .httpError,
            stage: nil,
            detail: "",
            startedAt: self.epochNow()
        )

        if let remaining = self.gate.backoffRemaining(host: target.host) {
            result.outcome = .rateLimited
            result.stage = .http
            result.detail = "Not contacted: the panel asked this machine to slow down; xcheck waits \(Int(remaining.components.seconds)) s more before contacting it again."
            result.advice = AdviceWriter.advice(for: result)
            return result
        }

        var attempt = try await self.gate.withTurn(host: target.host) { try await self.httpAttempt(target) }
        self.recordPoliteness(attempt, host: target.host)

        if self.configuration.tryOtherScheme, Self.shouldTryOtherScheme(attempt, scheme: target.scheme) {
            var other = target.with(scheme: target.scheme == .http ? .https : .http, port: target.port)
            if other.scheme == .http {
                // Never send the credentials in clear text after a failed TLS attempt (the failure may be an
                // interception): a request without them shows whether the port speaks plain http.
                other.username = nil
                other.password = nil
            }
            let second = try await self.gate.withTurn(host: target.host) { try await self.httpAttempt(other) }
            self.recordPoliteness(second, host: target.host)
            result.alternatives.append(Alternative(url: other.baseURL, outcome: second.outcome, kind: other.hasCredentials ? .login : .reachability))
            // The other scheme "works" when it reached the HTTP server behind the port; a second mismatch
            // (nginx's 400 page for http on a TLS port) means this port speaks TLS after all.
            if second.gotHTTPAnswer && second.outcome != .schemeMismatch {
                let stage = attempt.stage
                attempt.detail = "This port speaks \(other.scheme.rawValue), not \(target.scheme.rawValue): \(other.baseURL) answered (\(second.outcome.rawValue))."
                attempt.outcome = .schemeMismatch
                attempt.stage = stage ?? .http
                attempt.panel = second.panel
                attempt.panelVersion = second.panelVersion
                attempt.account = second.account
                attempt.server = second.server
            }
        }

        result.outcome = attempt.outcome
        result.stage = attempt.outcome.isHealthy ? nil : attempt.stage
        result.detail = attempt.detail
        result.httpStatus = attempt.httpStatus
        result.timings = attempt.timings
        result.panel = attempt.panel
        result.panelVersion = attempt.panelVersion
        result.account = attempt.account
        result.resolvedAddresses = attempt.resolvedAddresses
        result.connectedAddress = attempt.connectedAddress

        if self.configuration.checkAdvertisedPorts, let server = attempt.server {
            let (ports, alternatives) = try await self.checkAdvertisedPorts(server, of: target)
            result.ports = ports
            for alternative in alternatives where !result.alternatives.contains(where: { $0.url == alternative.url }) {
                result.alternatives.append(alternative)
            }
        }
        result.advice = AdviceWriter.advice(for: result)
        return result
    }

    /// Whether a first attempt's failure suggests the other scheme: a TLS failure or scheme mismatch on https,
    /// or on http an answer that is not HTTP at all (a TLS server answering a plain request).
    static func shouldTryOtherScheme(_ attempt: HTTPAttempt, scheme: ProbeTarget.Scheme) -> Bool {
        switch scheme {
        case .https:
            // A certificate the client does not trust proves the port speaks TLS: no retry for that.
            return attempt.outcome == .schemeMismatch
                || (attempt.outcome == .tlsFailure && !attempt.certificateRejected)
        case .http:
            if attempt.outcome == .schemeMismatch { return true }
            return attempt.outcome == .httpError && attempt.httpStatus == nil && attempt.stage == .http
        }
    }

    private func recordPoliteness(_ attempt: HTTPAttempt, host: String) {
        if attempt.outcome == .rateLimited {
            self.gate.recordRateLimit(host: host, retryAfterSeconds: attempt.retryAfterSeconds)
        } else if attempt.gotHTTPAnswer {
            self.gate.recordAnswer(host: host)
        }
    }
}
