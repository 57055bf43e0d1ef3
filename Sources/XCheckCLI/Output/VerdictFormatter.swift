import XCheckModel
import XCheckVerdict

/// The human form of `xcheck check`: a table of vantages, the region verdicts, then the overall verdict with
/// its summary and advice.
enum VerdictFormatter {
    static func format(_ run: CheckRun.Outcome) -> String {
        let verdict = run.verdict
        var out = ""
        let who = run.target.username.map { " (user: \($0))" } ?? ""
        out += "xcheck check \(run.target.url)\(who)\n\n"

        let header = ["VANTAGE", "REGION", "NETWORK", "OUTCOME", "BLOCKING", "TIME"]
        var rows: [[String]] = []
        for vantage in verdict.vantages {
            var outcome = vantage.outcome.rawValue
            if let stage = vantage.stage, !vantage.outcome.isHealthy { outcome += " at \(stage.rawValue)" }
            if vantage.confirmed == false { outcome += " (flaky)" }
            if !vantage.usable { outcome += " (not used)" }
            rows.append([
                vantage.kind == .local ? "this machine" : vantage.name, vantage.region, vantage.network, outcome,
                vantage.blocking?.rawValue ?? "-", vantage.timings.total.map { "\(Int($0.rounded())) ms" } ?? "-",
            ])
        }
        for missing in verdict.missing {
            rows.append([missing.name, missing.region, missing.network, "no answer", "-", "-"])
        }
        out += self.table(header, rows)

        if !verdict.regions.isEmpty {
            out += "\n  Regions   "
            out += verdict.regions.map { "\($0.region): \($0.verdict.rawValue)\($0.blocking.map { " (\($0.rawValue))" } ?? "")" }
                .joined(separator: " · ")
            out += "\n"
        }
        out += "  Confidence \(verdict.confidence.vantages) vantage\(verdict.confidence.vantages == 1 ? "" : "s") in \(verdict.confidence.networks) network\(verdict.confidence.networks == 1 ? "" : "s")\n\n"
        let mark = verdict.verdict == .up ? "UP  " : "    "
        out += "  \(mark)\(self.headline(verdict.verdict))\(verdict.reason.map { " (\($0.rawValue))" } ?? "")\n"
        out += "  \(verdict.summary)\n"
        if !verdict.advice.isEmpty {
            out += "\n  Advice\n"
            for line in verdict.advice { out += "    - \(line)\n" }
        }
        if let local = run.local, !local.inputWarnings.isEmpty {
            out += "\n  Warnings\n"
            for warning in local.inputWarnings { out += "    - [\(warning.code.rawValue)] \(warning.message)\n" }
        }
        if let problem = run.coordinatorProblem {
            out += "\n  Note: \(problem).\n"
        }
        for note in run.notes {
            out += "\n  Note: \(note).\n"
        }
        return out
    }

    static func headline(_ verdict: OverallVerdict) -> String {
        switch verdict {
        case .up: return "The server is up"
        case .downForEveryone: return "DOWN for everyone"
        case .blockedForYou: return "BLOCKED for you (it works from other networks)"
        case .blockedInSomeRegions: return "BLOCKED in some regions"
        case .accountProblem: return "ACCOUNT PROBLEM (the server works)"
        case .inconclusive: return "INCONCLUSIVE"
        }
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        func line(_ cells: [String]) -> String {
            "  " + cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ") + "\n"
        }
        return line(header) + rows.map(line).joined()
    }
}
