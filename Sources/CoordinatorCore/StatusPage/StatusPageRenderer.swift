import XCheckModel
import XCheckProtocol
import XCheckVerdict

/// Renders the status pages: a model in, one HTML string out. Pure. Every string that came from an operator,
/// an agent or a panel is escaped with ``HTML/escape(_:)``; the pages need no JavaScript, load no external
/// asset (the style sheet is inline, the grid is inline SVG) and fit a phone's width.
enum StatusPageRenderer {
    // MARK: Pages

    /// The front page: every visible target and the agents.
    static func overview(_ model: StatusOverview) -> String {
        var body = "<section id=\"targets\" aria-labelledby=\"targets-heading\">\n<h2 id=\"targets-heading\">Targets</h2>\n"
        if model.targets.isEmpty {
            body += model.viewer.seesPrivateTargets
                ? "<p class=\"muted\">No monitored targets.</p>\n"
                : "<p class=\"muted\">No public targets. Sign in with a read token to see private ones.</p>\n"
        }
        for target in model.targets {
            body += Self.targetCard(target, now: model.now)
        }
        if !model.targets.isEmpty { body += Self.legend() }
        body += "</section>\n"
        body += Self.agentsSection(model.agents, now: model.now)
        return Self.page(title: "xcheck status", viewer: model.viewer, now: model.now, refresh: true, body: body)
    }

    /// A target's own page: its verdict, grid, and each region's latest outcomes and timings.
    static func target(_ target: TargetStatus, viewer: StatusViewer, now: Int64) -> String {
        var body = "<p><a href=\"/\">← All targets</a></p>\n"
        body += "<article class=\"target\" id=\"target-\(target.id)\" data-verdict=\"\(target.verdict.verdict.rawValue)\">\n"
        body += "<h2>\(HTML.escape(target.name)) <span class=\"addr\">\(HTML.escape(target.address))</span>\(target.isPublic ? "" : " <span class=\"tag\">private</span>")</h2>\n"
        body += Self.verdictLines(target, now: now)
        body += Self.grid(target.grid)
        body += Self.legend()
        body += "</article>\n"
        body += "<section id=\"regions\" aria-labelledby=\"regions-heading\">\n<h2 id=\"regions-heading\">Regions: latest results</h2>\n"
        if target.verdict.regions.isEmpty {
            body += "<p class=\"muted\">No agent has checked this target recently.</p>\n"
        }
        let reports = Dictionary(target.verdict.vantages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for region in target.verdict.regions {
            let swatch = StatusPalette.swatch(region.verdict)
            body += "<div class=\"panel region\" data-region=\"\(HTML.escape(region.region))\">\n"
            body += "<h3>\(HTML.escape(region.region)) <span class=\"badge \(swatch.cssClass)\">\(swatch.words)</span></h3>\n"
            if let note = region.note { body += "<p class=\"muted\">\(HTML.escape(note))</p>\n" }
            body += "<div class=\"scroll\"><table>\n<thead><tr><th>Agent</th><th>Network</th><th>Outcome</th><th>Stage</th>"
            body += "<th class=\"num\">DNS ms</th><th class=\"num\">Connect ms</th><th class=\"num\">TLS ms</th>"
            body += "<th class=\"num\">First byte ms</th><th class=\"num\">Total ms</th><th>HTTP</th><th>Checked</th></tr></thead>\n<tbody>\n"
            for entry in target.latest where entry.agent.region == region.region {
                let report = reports[entry.agent.name]
                let outcome = report?.outcome ?? entry.result.outcome
                let stage = report.map { $0.stage } ?? entry.result.stage
                let timings = report?.timings ?? entry.result.timings
                let status = report.map { $0.httpStatus } ?? entry.result.httpStatus
                body += "<tr><td>\(HTML.escape(entry.agent.name))</td><td>\(HTML.escape(entry.agent.network))</td>"
                body += "<td>\(HTML.escape(OutcomeWording.words(outcome))) <code>\(outcome.rawValue)</code></td>"
                body += "<td>\(stage.map { OutcomeWording.words($0) } ?? "—")</td>"
                for value in [timings.dns, timings.connect, timings.tls, timings.firstByte, timings.total] {
                    body += "<td class=\"num\">\(Self.milliseconds(value))</td>"
                }
                body += "<td>\(status.map(String.init) ?? "—")</td><td>\(StatusTime.html(entry.startedAt, now: now))</td></tr>\n"
            }
            for missing in region.missing {
                body += "<tr><td>\(HTML.escape(missing))</td><td colspan=\"10\" class=\"muted\">no result in the last \(target.verdictWindowWords)</td></tr>\n"
            }
            body += "</tbody></table></div>\n</div>\n"
        }
        body += "</section>\n"
        return Self.page(title: "\(target.name) · xcheck status", viewer: viewer, now: now, refresh: true, body: body)
    }

    /// The sign-in form (a read token, sent by POST; never in a URL).
    static func login(message: String?, now: Int64) -> String {
        var body = "<section class=\"panel\" id=\"login\">\n<h2>Sign in</h2>\n"
        body += "<p>A token with the <code>read</code> scope (or more) shows private targets too. It is kept in a cookie for this site only.</p>\n"
        if let message { body += "<p class=\"error\" role=\"alert\">\(HTML.escape(message))</p>\n" }
        body += "<form method=\"post\" action=\"/login\">\n<label for=\"token\">API token</label><br>\n"
        body += "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" required size=\"40\">\n"
        body += "<button type=\"submit\">Sign in</button>\n</form>\n</section>\n"
        return Self.page(title: "Sign in · xcheck status", viewer: .anonymous, now: now, refresh: false, body: body)
    }

    /// A short page for "not found" and similar answers.
    static func message(title: String, text: String, viewer: StatusViewer, now: Int64) -> String {
        let body = "<section class=\"panel\"><h2>\(HTML.escape(title))</h2><p>\(HTML.escape(text))</p><p><a href=\"/\">← All targets</a></p></section>\n"
        return Self.page(title: "\(title) · xcheck status", viewer: viewer, now: now, refresh: false, body: body)
    }

    // MARK: Parts

    static func page(title: String, viewer: StatusViewer, now: Int64, refresh: Bool, body: String) -> String {
        var html = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        if refresh { html += "<meta http-equiv=\"refresh\" content=\"60\">\n" }
        html += "<title>\(HTML.escape(title))</title>\n<link rel=\"icon\" href=\"data:,\">\n"
        html += "<style>\(StatusPageStyle.css)</style>\n</head>\n<body>\n"
        html += "<header><h1><a href=\"/\">xcheck status</a></h1><nav>"
        switch viewer {
        case .reader:
            html += "Signed in (read) <form method=\"post\" action=\"/logout\"><button type=\"submit\">Sign out</button></form>"
        case .anonymous:
            html += "<a href=\"/login\">Sign in with a read token</a>"
        }
        html += "</nav></header>\n<main>\n\(body)</main>\n"
        html += "<footer><p>Generated \(StatusTime.html(now, now: now)). All times UTC. This page refreshes every minute.</p></footer>\n"
        html += "</body>\n</html>\n"
        return html
    }

    static func targetCard(_ target: TargetStatus, now: Int64) -> String {
        var html = "<article class=\"target\" id=\"target-\(target.id)\" data-verdict=\"\(target.verdict.verdict.rawValue)\">\n"
        html += "<h3><a href=\"/status/targets/\(target.id)\">\(HTML.escape(target.name))</a> <span class=\"addr\">\(HTML.escape(target.address))</span>"
        html += target.isPublic ? "" : " <span class=\"tag\">private</span>"
        html += "</h3>\n"
        html += Self.verdictLines(target, now: now)
        html += Self.grid(target.grid)
        html += "</article>\n"
        return html
    }

    static func verdictLines(_ target: TargetStatus, now: Int64) -> String {
        let swatch = StatusPalette.swatch(target.verdict.verdict)
        var html = "<p class=\"verdict\"><span class=\"badge \(swatch.cssClass)\">\(swatch.words)</span> \(HTML.escape(target.verdict.summary))</p>\n"
        if let change = target.lastChange {
            html += "<p class=\"since\">Last change: \(StatusTime.html(change, now: now))</p>\n"
        } else {
            html += "<p class=\"since\">No change in 24 h</p>\n"
        }
        return html
    }

    static func legend() -> String {
        var html = "<ul class=\"legend\" aria-label=\"Legend of the grid\">"
        for swatch in StatusPalette.legend {
            html += "<li><span class=\"sw \(swatch.cssClass)\"></span>\(swatch.words)</li>"
        }
        return html + "</ul>\n"
    }

    /// The region-by-time grid as inline SVG: an "overall" row, then one row per region, each labelled above
    /// its cells; every cell carries its region, time span and verdict in words as a `<title>`.
    static func grid(_ grid: StatusGrid) -> String {
        let cell = 12, gap = 2, rowHeight = 18, labelHeight = 24, block = 48
        let width = grid.window.bucketCount * (cell + gap) - gap
        let rows: [(label: String, cells: [StatusPalette.Swatch])] =
            [("Overall", grid.overall.map { $0.map(StatusPalette.swatch) ?? StatusPalette.noData })]
            + grid.rows.map { row in (row.region, row.cells.map { $0.map(StatusPalette.swatch) ?? StatusPalette.noData }) }
        let height = rows.count * block + 28
        var svg = "<figure class=\"grid\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" "
        svg += "aria-label=\"Verdict per region over the last 24 hours, in half-hour steps\" preserveAspectRatio=\"xMinYMin meet\">\n"
        for (index, row) in rows.enumerated() {
            let top = index * block
            svg += "<text x=\"0\" y=\"\(top + labelHeight - 5)\">\(HTML.escape(row.label))</text>\n"
            for (bucket, swatch) in row.cells.enumerated() {
                let from = grid.window.bucketStart(bucket)
                let to = grid.window.bucketStart(bucket + 1)
                svg += "<rect x=\"\(bucket * (cell + gap))\" y=\"\(top + labelHeight)\" width=\"\(cell)\" height=\"\(rowHeight)\" class=\"\(swatch.cssClass)\">"
                svg += "<title>\(HTML.escape(row.label)) \(StatusTime.clock(from))–\(StatusTime.clock(to)) UTC: \(swatch.words)</title></rect>\n"
            }
        }
        let axis = rows.count * block + 22
        svg += "<text class=\"axis\" x=\"0\" y=\"\(axis)\">\(StatusTime.clock(grid.window.start)) (24 h ago)</text>\n"
        svg += "<text class=\"axis\" x=\"\(width)\" y=\"\(axis)\" text-anchor=\"end\">now</text>\n"
        svg += "</svg>\n<figcaption>Last 24 hours in half-hour steps (UTC); each cell is the verdict of each agent's latest result in it.</figcaption>\n</figure>\n"
        return svg
    }

    static func agentsSection(_ agents: [AgentRecord], now: Int64) -> String {
        var html = "<section id=\"agents\" aria-labelledby=\"agents-heading\">\n<h2 id=\"agents-heading\">Agents</h2>\n"
        guard !agents.isEmpty else { return html + "<p class=\"muted\">No agents enrolled.</p>\n</section>\n" }
        html += "<div class=\"scroll\"><table id=\"agents-table\">\n<thead><tr><th>Agent</th><th>Region</th><th>Network</th><th>Status</th><th>Last seen</th><th class=\"num\">Load</th></tr></thead>\n<tbody>\n"
        for agent in agents {
            html += "<tr><td>\(HTML.escape(agent.name))</td><td>\(HTML.escape(agent.region))</td><td>\(HTML.escape(agent.network.isEmpty ? "—" : agent.network))</td>"
            html += agent.online ? "<td class=\"online\">Online</td>" : "<td class=\"offline\">Offline</td>"
            html += "<td>\(agent.lastSeenAt.map { StatusTime.html($0, now: now) } ?? "never")</td>"
            html += "<td class=\"num\">\(Self.load(inFlight: agent.inFlight, maxConcurrency: agent.maxConcurrency))</td></tr>\n"
        }
        return html + "</tbody></table></div>\n</section>\n"
    }

    /// "3 / 64 (5 %)"; "—" before the first heartbeat (no capacity known).
    static func load(inFlight: Int, maxConcurrency: Int) -> String {
        guard maxConcurrency > 0 else { return "—" }
        return "\(inFlight) / \(maxConcurrency) (\(inFlight * 100 / maxConcurrency) %)"
    }

    /// "12.5" (one decimal), "—" for a stage not reached.
    static func milliseconds(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
