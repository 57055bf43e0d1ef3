import XCheckModel
import XCheckProtocol
import XCheckVerdict

/// One monitored target as the status page shows it: name and host (never the URL's path or credentials), the
/// current verdict, the 24-hour grid, the last change, and each agent's latest result behind the verdict.
struct TargetStatus: Sendable {
    var id: Int64
    var name: String
    /// `host:port` of the target's URL.
    var address: String
    var isPublic: Bool
    /// The current verdict: each agent's latest result within three intervals of the target (as
    /// `GET /v1/targets/{id}/verdict` decides it).
    var verdict: Verdict
    var grid: StatusGrid
    /// When the overall verdict became what it is now; nil: no change within the grid's window.
    var lastChange: Int64?
    /// The results behind ``verdict``: each agent's latest within the window.
    var latest: [HistoryPage.Entry]
    /// The verdict's window in seconds.
    var windowSeconds: Int

    /// "30 min", "3 h".
    var verdictWindowWords: String {
        self.windowSeconds % 3600 == 0 ? "\(self.windowSeconds / 3600) h" : "\(self.windowSeconds / 60) min"
    }

    /// `host:port` of a base URL (brackets around an IPv6 literal); the URL itself when it does not parse.
    static func address(url: String) -> String {
        guard let parsed = try? TargetParser.parse(url: url) else { return "unknown host" }
        let host = parsed.target.host.contains(":") ? "[\(parsed.target.host)]" : parsed.target.host
        return "\(host):\(parsed.target.port)"
    }
}

extension TargetStatus {
    /// Puts a target's status together from what ``StatusStore`` read: the current verdict from each agent's
    /// latest result in the window (and the agents missing from it), the grid, and the last change.
    static func make(
        id: Int64, name: String, url: String, isPublic: Bool, intervalSeconds: Int, regions: [String]?,
        samples: [StatusGrid.Sample], latest: [HistoryPage.Entry], missing: [CheckDocument.AgentRef], window: StatusWindow
    ) -> TargetStatus {
        let vantages = latest.map {
            CheckDocument.VantageResult(agent: $0.agent, result: $0.result, confirmation: $0.confirmation, receivedAt: nil)
        }
        let verdict = CheckDocument.verdict(vantages: vantages, missing: missing)
        let gridRegions = Array(Set((regions ?? []) + verdict.regions.map(\.region)))
        let grid = StatusGrid.build(window: window, samples: samples, regions: gridRegions)
        return TargetStatus(
            id: id, name: name, address: Self.address(url: url), isPublic: isPublic, verdict: verdict, grid: grid,
            lastChange: grid.lastChange(current: verdict.verdict), latest: latest,
            windowSeconds: TargetStore.defaultVerdictWindow(intervalSeconds: intervalSeconds))
    }
}
