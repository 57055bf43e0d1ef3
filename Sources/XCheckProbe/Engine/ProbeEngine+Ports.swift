import Curl
public import XCheckModel

extension ProbeEngine {
    /// A port check: DNS and a TCP connection, plus the TLS handshake for `.https`. No HTTP request is sent,
    /// so it is safe toward panels and usable on any port.
    public func portCheck(host: String, port: Int, service: PortCheckResult.Service) async throws -> PortCheckResult {
        var result = PortCheckResult(
            host: host, port: port, service: service, outcome: .reachable, stage: nil, detail: "",
            connectedAddress: nil, timings: StageTimings()
        )
        let dns = await self.resolver.resolve(host, timeout: self.configuration.dnsTimeout, ipVersion: self.configuration.ipVersion)
        let addresses: [String]
        switch dns {
        case .failure(let failure):
            let (outcome, detail) = Self.describe(failure, host: host)
            result.outcome = outcome
            result.stage = .dns
            result.detail = detail
            return result
        case .success(let answer):
            addresses = answer.addresses
            result.timings.dns = answer.duration.milliseconds
        }
        let hostForURL = host.contains(":") ? "[\(host)]" : host
        let scheme = service == .https ? "https" : "http"
        let request = TransferRequest(
            url: "\(scheme)://\(hostForURL):\(port)/",
            kind: .connectOnly,
            resolvedAddresses: addresses,
            resolveHost: (host, port),
            dnsTimeout: self.configuration.dnsTimeout,
            connectTimeout: self.configuration.connectTimeout,
            tlsTimeout: self.configuration.tlsTimeout,
            totalTimeout: self.configuration.connectTimeout + self.configuration.tlsTimeout,
            maxRedirects: 0,
            verifyPeer: self.configuration.verifyTLS,
            caFile: self.configuration.caFile,
            ipVersion: self.configuration.ipVersion,
            addressPolicy: self.configuration.addressPolicy
        )
        let report = try await self.driver.perform(request)
        let dnsMicros = Int64((result.timings.dns ?? 0) * 1000)
        result.timings = Self.stageTimings(report, dns: result.timings.dns, totalMicros: dnsMicros + report.timings.total)
        result.connectedAddress = report.connectedAddress
        if report.code == .ok {
            result.detail = service == .https
                ? "The port accepted the connection and completed a TLS handshake."
                : "The port accepted the connection."
            return result
        }
        let classification = NetworkClassification.classify(report, isHTTPS: service == .https)
        result.outcome = classification.outcome
        result.stage = classification.stage
        result.detail = classification.detail
        return result
    }

    /// Port-checks the ports a panel advertises in `server_info` (http, https, rtmp) on the host the user
    /// gave, and turns the web ones into alternatives.
    func checkAdvertisedPorts(_ server: ServerInfo, of target: ProbeTarget) async throws -> ([PortCheckResult], [Alternative]) {
        var wanted: [(Int, PortCheckResult.Service)] = []
        if let port = server.port, (1...65535).contains(port) { wanted.append((port, .http)) }
        if let port = server.httpsPort, (1...65535).contains(port) { wanted.append((port, .https)) }
        if let port = server.rtmpPort, (1...65535).contains(port) { wanted.append((port, .rtmp)) }
        var seen = Set<String>()
        wanted = wanted.filter { seen.insert("\($0.0)/\($0.1.rawValue)").inserted }
        guard !wanted.isEmpty else { return ([], []) }

        let results = try await withThrowingTaskGroup(of: (Int, PortCheckResult).self) { group in
            for (index, (port, service)) in wanted.enumerated() {
                group.addTask { (index, try await self.portCheck(host: target.host, port: port, service: service)) }
            }
            var collected: [(Int, PortCheckResult)] = []
            for try await item in group { collected.append(item) }
            return collected.sorted { $0.0 < $1.0 }.map(\.1)
        }
        var alternatives: [Alternative] = []
        for port in results where port.service == .http || port.service == .https {
            let scheme: ProbeTarget.Scheme = port.service == .https ? .https : .http
            if scheme == target.scheme && port.port == target.port { continue }
            let url = target.with(scheme: scheme, port: port.port).baseURL
            alternatives.append(Alternative(url: url, outcome: port.outcome, kind: .port))
        }
        return (results, alternatives)
    }
}
