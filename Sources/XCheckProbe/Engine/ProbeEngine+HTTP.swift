import Curl
import XCheckModel

extension ProbeEngine {
    /// One HTTP check of the target's `player_api.php`: resolve, connect, request, follow redirects (never to
    /// a stream URL), classify.
    func httpAttempt(_ target: ProbeTarget) async throws -> HTTPAttempt {
        guard var hop = URLParts(target.playerAPIURL()) else {
            return HTTPAttempt(outcome: .httpError, stage: .http, detail: "The URL could not be built.")
        }
        var attempt = HTTPAttempt(outcome: .httpError, stage: .http, detail: "")
        var elapsedMicros: Int64 = 0
        var redirects = 0
        while true {
            let dns = await self.resolver.resolve(hop.host, timeout: self.configuration.dnsTimeout, ipVersion: self.configuration.ipVersion)
            let addresses: [String]
            switch dns {
            case .failure(let failure):
                let (outcome, detail) = Self.describe(failure, host: hop.host)
                attempt.outcome = outcome
                attempt.stage = .dns
                attempt.detail = detail
                attempt.timings = StageTimings(dns: self.configuration.dnsTimeout.milliseconds, total: Double(elapsedMicros) / 1000)
                if case .timedOut = failure {} else { attempt.timings.dns = nil }
                return attempt
            case .success(let answer):
                addresses = answer.addresses
                if redirects == 0 { attempt.resolvedAddresses = addresses }
                attempt.timings.dns = answer.duration.milliseconds
                elapsedMicros += answer.duration.microseconds
            }

            let request = TransferRequest(
                url: hop.url,
                headers: ["Accept: */*"],
                userAgent: self.configuration.userAgent,
                resolvedAddresses: addresses,
                resolveHost: (hop.host, hop.port),
                dnsTimeout: self.configuration.dnsTimeout,
                connectTimeout: self.configuration.connectTimeout,
                tlsTimeout: self.configuration.tlsTimeout,
                totalTimeout: self.configuration.requestTimeout,
                maxRedirects: 0,
                maxBodyBytes: self.configuration.maxBodyBytes,
                verifyPeer: self.configuration.verifyTLS,
                caFile: self.configuration.caFile,
                ipVersion: self.configuration.ipVersion,
                addressPolicy: self.configuration.addressPolicy
            )
            let report = try await self.driver.perform(request)
            elapsedMicros += report.timings.total
            attempt.timings = Self.stageTimings(report, dns: attempt.timings.dns, totalMicros: elapsedMicros)
            attempt.connectedAddress = report.connectedAddress ?? attempt.connectedAddress

            guard let status = report.httpStatus,
                report.code == .ok || report.abort == .bodyCapExceeded
            else {
                let classification = NetworkClassification.classify(report, isHTTPS: hop.scheme == .https)
                attempt.outcome = classification.outcome
                attempt.stage = classification.stage
                attempt.detail = classification.detail
                attempt.httpStatus = nil
                attempt.certificateRejected = [.peerFailedVerification, .sslCACertBadFile, .sslIssuerError].contains(report.code)
                return attempt
            }
            attempt.gotHTTPAnswer = true
            attempt.httpStatus = status
            attempt.retryAfterSeconds = report.retryAfterSeconds

            if (300...399).contains(status), let location = report.redirectURL, !location.isEmpty {
                guard redirects < self.configuration.maxRedirects else {
                    attempt.outcome = .httpError
                    attempt.stage = .http
                    attempt.detail = "The server redirected more than \(self.configuration.maxRedirects) times (a redirect loop)."
                    return attempt
                }
                guard let next = URLParts(location) else {
                    attempt.outcome = .httpError
                    attempt.stage = .http
                    attempt.detail = "The server redirected to an address that is not http or https."
                    return attempt
                }
                if StreamPath.isStream(path: next.pathAndQuery) {
                    attempt.outcome = .notXtream
                    attempt.stage = .http
                    attempt.detail = "The server redirected the login to a stream URL; xcheck never opens streams, so it stopped there."
                    return attempt
                }
                redirects += 1
                hop = next
                continue
            }

            let answer = HTTPAnswer(
                status: status,
                headers: report.headers.map { HTTPHeader(name: $0.name, value: $0.value) },
                body: report.body,
                bodyTruncated: report.bodyTruncated
            )
            let assessment = LoginClassifier.assess(answer, credentialsGiven: target.hasCredentials, now: self.epochNow())
            attempt.outcome = assessment.outcome
            attempt.stage = assessment.stage
            attempt.detail = redirects > 0
                ? "\(assessment.detail) (after \(redirects) redirect\(redirects == 1 ? "" : "s") to \(hop.scheme.rawValue)://\(hop.host):\(hop.port))"
                : assessment.detail
            attempt.panel = assessment.panel
            attempt.panelVersion = assessment.server?.version
            attempt.account = assessment.account
            attempt.server = assessment.server
            return attempt
        }
    }

    static func describe(_ failure: NameResolver.Failure, host: String) -> (Outcome, String) {
        switch failure {
        case .nameNotFound:
            return (.dnsNXDOMAIN, "The name \(host) does not exist (NXDOMAIN).")
        case .noAddress:
            return (.dnsFailure, "The name \(host) exists but has no address.")
        case .temporaryFailure(let message):
            return (.dnsFailure, "The resolver could not answer for \(host) (\(message)).")
        case .failure(let message):
            return (.dnsFailure, "Resolving \(host) failed (\(message)).")
        case .timedOut:
            return (.dnsFailure, "Resolving \(host) did not finish in time.")
        }
    }

    /// Converts libcurl's cumulative timestamps into per-stage durations in milliseconds.
    static func stageTimings(_ report: TransferReport, dns: Double?, totalMicros: Int64) -> StageTimings {
        let t = report.timings
        var timings = StageTimings(dns: dns, total: Double(totalMicros) / 1000)
        if t.connect > 0 { timings.connect = Double(t.connect - t.nameLookup) / 1000 }
        if t.appConnect > 0 { timings.tls = Double(t.appConnect - t.connect) / 1000 }
        if t.startTransfer > 0 { timings.firstByte = Double(t.startTransfer - t.preTransfer) / 1000 }
        return timings
    }
}

extension Duration {
    /// The duration in milliseconds, as a Double.
    var milliseconds: Double {
        let (s, atto) = self.components
        return Double(s) * 1000 + Double(atto) / 1e15
    }

    /// The duration in whole microseconds.
    var microseconds: Int64 {
        let (s, atto) = self.components
        return s * 1_000_000 + atto / 1_000_000_000_000
    }
}
