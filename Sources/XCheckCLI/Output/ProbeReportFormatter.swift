import XCheckModel

/// The human form of a probe result: a verdict line, then timings, account, ports, warnings and advice.
enum ProbeReportFormatter {
    static func format(_ result: ProbeResult) -> String {
        var out = ""
        let who = result.target.username.map { " (user: \($0))" } ?? ""
        out += "xcheck probe \(result.target.url)\(who)\n\n"
        let mark = result.outcome.isHealthy ? "OK  " : "FAIL"
        let stage = result.stage.map { " at \($0.rawValue)" } ?? ""
        out += "  \(mark) \(result.outcome.rawValue)\(stage): \(result.detail)\n\n"

        out += "  Timings   \(self.timings(result.timings))\n"
        if let address = result.connectedAddress {
            let others = result.resolvedAddresses.filter { $0 != address }
            out += "  Address   \(address)\(others.isEmpty ? "" : " (also resolved: \(others.joined(separator: ", ")))")\n"
        } else if !result.resolvedAddresses.isEmpty {
            out += "  Resolved  \(result.resolvedAddresses.joined(separator: ", "))\n"
        }
        if let status = result.httpStatus { out += "  HTTP      \(status)\n" }
        if result.panel != .unknown {
            let name = result.panel == .xui ? "XUI.one" : "Xtream Codes"
            out += "  Panel     \(name)\(result.panelVersion.map { " \($0)" } ?? "")\n"
        }
        if let account = result.account { out += "  Account   \(self.account(account))\n" }
        if !result.ports.isEmpty {
            let ports = result.ports.map { "\($0.service.rawValue) \($0.port) \($0.outcome == .reachable ? "open" : $0.outcome.rawValue)" }
            out += "  Ports     \(ports.joined(separator: "; "))\n"
        }
        if !result.alternatives.isEmpty {
            out += "\n  Alternatives\n"
            for alternative in result.alternatives {
                out += "    - \(alternative.url): \(alternative.outcome.rawValue) (\(alternative.kind == .port ? "port check" : alternative.kind.rawValue))\n"
            }
        }
        if !result.inputWarnings.isEmpty {
            out += "\n  Warnings\n"
            for warning in result.inputWarnings { out += "    - [\(warning.code.rawValue)] \(warning.message)\n" }
        }
        if !result.advice.isEmpty {
            out += "\n  Advice\n"
            for line in result.advice { out += "    - \(line)\n" }
        }
        return out
    }

    static func timings(_ t: StageTimings) -> String {
        func ms(_ value: Double?) -> String {
            guard let value else { return "-" }
            let tenths = (value * 10).rounded() / 10
            return "\(tenths) ms"
        }
        return "dns \(ms(t.dns)) · connect \(ms(t.connect)) · tls \(ms(t.tls)) · first byte \(ms(t.firstByte)) · total \(ms(t.total))"
    }

    static func account(_ a: AccountInfo) -> String {
        var parts = [a.status.rawValue]
        if let expires = a.expiresAt, a.status == .expired {
            parts[0] = "expired on \(CivilDate.dateString(epochSeconds: expires))"
        } else if let expires = a.expiresAt {
            let left = a.daysLeft.map { " (\($0) day\($0 == 1 ? "" : "s") left)" } ?? ""
            parts.append("expires \(CivilDate.dateString(epochSeconds: expires))\(left)")
        } else {
            parts.append("never expires")
        }
        if let max = a.maxConnections {
            parts.append("connections \(a.activeConnections.map(String.init) ?? "?") of \(max == 0 ? "unlimited" : String(max))")
        }
        if a.isTrial { parts.append("trial") }
        return parts.joined(separator: ", ")
    }
}
