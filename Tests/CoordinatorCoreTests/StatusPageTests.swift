@testable import CoordinatorCore
import Crypto
import Foundation
import Testing
import XCheckModel
import XCheckProtocol
import XCheckVerdict

/// The status page's pure parts: escaping, verdict words and colours, bucket math, the grid and its last
/// change, and the renderer's output.
@Suite("Status page (pure)")
struct StatusPageTests {
    // MARK: Fixtures

    static func result(_ outcome: Outcome, at startedAt: Int64, stage: Stage? = nil) -> ProbeResult {
        ProbeResult(
            target: TargetSummary(url: "http://panel.example:8080", scheme: .http, host: "panel.example", port: 8080, username: "alice-secret-user"),
            kind: .login, outcome: outcome, stage: stage ?? (outcome.isHealthy ? nil : .login), detail: "test",
            httpStatus: 200, timings: StageTimings(dns: 1.25, connect: 2, tls: nil, firstByte: 5, total: 12.5), startedAt: startedAt)
    }

    static let eu = CheckDocument.AgentRef(name: "fra-1", region: "eu", network: "hetzner")
    static let us = CheckDocument.AgentRef(name: "nyc-1", region: "us", network: "digitalocean")

    static func sample(_ agent: CheckDocument.AgentRef, _ outcome: Outcome, bucket: Int, window: StatusWindow, offset: Int64 = 60) -> StatusGrid.Sample {
        StatusGrid.Sample(bucket: bucket, agent: agent, result: Self.result(outcome, at: window.bucketStart(bucket) + offset), confirmation: nil)
    }

    // MARK: Escaping

    @Test("HTML.escape", arguments: [
        ("plain", "plain"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a & b", "a &amp; b"),
        ("\"quoted\" 'single'", "&quot;quoted&quot; &#39;single&#39;"),
        ("ünïcødé ✓", "ünïcødé ✓"),
        ("&amp;", "&amp;amp;"),
    ])
    func escape(input: String, expected: String) {
        #expect(HTML.escape(input) == expected)
    }

    @Test("operator-provided strings are escaped everywhere on both pages")
    func rendererEscapes() throws {
        let hostile = "<script>alert(1)</script>"
        let window = StatusWindow.ending(at: 1_800_000_000)
        let agent = CheckDocument.AgentRef(name: "<b>agent</b>", region: "eu\"><svg onload=x>", network: "<i>net</i>")
        let samples = [Self.sample(agent, .ok, bucket: 47, window: window)]
        let latest = [HistoryPage.Entry(resultID: "r1", agent: agent, startedAt: window.bucketStart(47), result: Self.result(.ok, at: window.bucketStart(47)), confirmation: nil)]
        let status = TargetStatus.make(
            id: 7, name: hostile, url: "http://panel.example:8080", isPublic: false, intervalSeconds: 300, regions: nil,
            samples: samples, latest: latest, missing: [], window: window)
        let record = AgentRecord(
            id: 1, name: hostile, region: hostile, network: hostile, createdAt: 0, revokedAt: nil, lastSeenAt: 1_799_999_990,
            lastAddress: "203.0.113.9", version: "1", inFlight: 1, maxConcurrency: 4, spoolDepth: 0, spoolDropped: 0, online: true)
        let pages = [
            StatusPageRenderer.overview(StatusOverview(now: 1_800_000_000, viewer: .reader, targets: [status], agents: [record])),
            StatusPageRenderer.target(status, viewer: .reader, now: 1_800_000_000),
        ]
        for page in pages {
            #expect(!page.contains("<script"), "an unescaped script tag")
            #expect(!page.contains("<b>agent"))
            #expect(!page.contains("<i>net"))
            #expect(!page.contains("<svg onload"))
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.contains("alice-secret-user"), "the username of the result must not be shown")
            #expect(!page.contains("203.0.113.9"), "the agent's address is not shown")
        }
        #expect(pages[1].contains("&lt;b&gt;agent&lt;/b&gt;"))
        #expect(pages[1].contains("eu&quot;&gt;&lt;svg onload=x&gt;"))
    }

    // MARK: Words and colours

    @Test("overall verdict: words and colour class", arguments: [
        (OverallVerdict.up, "Up", "v-up"),
        (.downForEveryone, "Down for everyone", "v-down"),
        (.blockedForYou, "Blocked for you", "v-blocked"),
        (.blockedInSomeRegions, "Blocked in some regions", "v-blocked"),
        (.accountProblem, "Account problem", "v-account"),
        (.inconclusive, "Inconclusive", "v-inconclusive"),
    ])
    func overallSwatch(verdict: OverallVerdict, words: String, cssClass: String) {
        let swatch = StatusPalette.swatch(verdict)
        #expect(swatch.words == words)
        #expect(swatch.cssClass == cssClass)
        #expect(StatusPageStyle.css.contains(".\(cssClass){background:\(swatch.colour);fill:\(swatch.colour)}"))
    }

    @Test("region verdict: words and colour class", arguments: [
        (RegionVerdict.up, "Up", "v-up"),
        (.down, "Down", "v-down"),
        (.blocked, "Blocked", "v-blocked"),
        (.accountProblem, "Account problem", "v-account"),
        (.inconclusive, "Inconclusive", "v-inconclusive"),
    ])
    func regionSwatch(verdict: RegionVerdict, words: String, cssClass: String) {
        let swatch = StatusPalette.swatch(verdict)
        #expect(swatch.words == words)
        #expect(swatch.cssClass == cssClass)
        #expect(StatusPageStyle.css.contains(".\(cssClass){background:\(swatch.colour);fill:\(swatch.colour)}"))
    }

    @Test("every verdict class has one colour, distinct from the others and from no data")
    func coloursDistinct() {
        let classes = StatusPalette.classes
        #expect(Set(classes.map(\.cssClass)).count == classes.count)
        #expect(Set(classes.map(\.colour)).count == classes.count, "two classes share a colour")
        #expect(classes.contains { $0.cssClass == "v-none" })
        // The legend names every region verdict and "no data", in words.
        #expect(StatusPalette.legend.map(\.words) == ["Up", "Down", "Blocked", "Account problem", "Inconclusive", "No data"])
    }

    @Test("every outcome has its own words", arguments: Outcome.allCases)
    func outcomeWords(outcome: Outcome) {
        let words = OutcomeWording.words(outcome)
        #expect(!words.isEmpty)
        #expect(Outcome.allCases.filter { OutcomeWording.words($0) == words } == [outcome])
    }

    // MARK: Time

    @Test("bucket math", arguments: [
        // (now, time, expected bucket); 1_800_000_000 is a half-hour boundary
        (Int64(1_800_000_900), Int64(1_800_000_900), Optional(47)),  // now is in the last bucket
        (1_800_000_900, 1_800_000_000, 47),  // the last bucket starts at the boundary
        (1_800_000_900, 1_799_999_999, 46),
        (1_800_000_900, 1_799_915_400, 0),  // the window's start
        (1_800_000_900, 1_799_915_399, nil),  // before the window
        (1_800_000_900, 1_800_001_800, nil),  // at the window's end (exclusive)
        (1_800_000_000, 1_800_000_000, 47),  // now exactly on a boundary opens a new last bucket
        (1_800_000_000, 1_799_999_999, 46),
    ])
    func buckets(now: Int64, time: Int64, expected: Int?) {
        let window = StatusWindow.ending(at: now)
        #expect(window.bucketCount == 48)
        #expect(window.end - window.start == 86_400)
        #expect(window.start % 1800 == 0)
        #expect(window.bucket(of: time) == expected)
        if let expected {
            #expect(window.bucketStart(expected) <= time && time < window.bucketStart(expected + 1))
        }
    }

    @Test("times", arguments: [
        (Int64(0), Int64(0), "1970-01-01T00:00:00Z", "just now"),
        (1_800_000_000, 1_800_000_042, "2027-01-15T08:00:00Z", "42 s ago"),
        (1_800_000_000, 1_800_000_300, "2027-01-15T08:00:00Z", "5 min ago"),
        (1_800_000_000, 1_800_010_800, "2027-01-15T08:00:00Z", "3 h ago"),
        (1_800_000_000, 1_800_172_800, "2027-01-15T08:00:00Z", "2 d ago"),
        (1_800_000_059, 1_800_000_000, "2027-01-15T08:00:59Z", "just now"),  // a clock ahead: not "in the future"
    ])
    func times(epoch: Int64, now: Int64, iso: String, relative: String) {
        #expect(StatusTime.iso(epoch) == iso)
        #expect(StatusTime.relative(epoch, now: now) == relative)
    }

    @Test("numbers", arguments: [
        (Optional(12.5), "12.5"), (nil, "—"), (0.04, "0.0"), (1234.56, "1234.6"), (Double.nan, "—"),
    ])
    func milliseconds(value: Double?, text: String) {
        #expect(StatusPageRenderer.milliseconds(value) == text)
    }

    @Test("load", arguments: [(0, 0, "—"), (3, 64, "3 / 64 (4 %)"), (64, 64, "64 / 64 (100 %)")])
    func load(inFlight: Int, maxConcurrency: Int, text: String) {
        #expect(StatusPageRenderer.load(inFlight: inFlight, maxConcurrency: maxConcurrency) == text)
    }

    @Test("addresses: host and port only, never the path or credentials", arguments: [
        ("http://panel.example:8080", "panel.example:8080"),
        ("https://panel.example/base/path", "panel.example:443"),
        ("http://[2001:db8::1]:8000", "[2001:db8::1]:8000"),
        ("not a url at all", "unknown host"),
    ])
    func address(url: String, expected: String) {
        #expect(TargetStatus.address(url: url) == expected)
    }

    // MARK: Grid

    @Test("the grid: the verdict engine per bucket from each agent's latest result; no data stays empty")
    func grid() {
        let window = StatusWindow.ending(at: 1_800_000_000)
        let samples = [
            Self.sample(Self.eu, .ok, bucket: 5, window: window),
            Self.sample(Self.us, .ok, bucket: 5, window: window),
            Self.sample(Self.eu, .credentialsRejected, bucket: 6, window: window),
            Self.sample(Self.us, .credentialsRejected, bucket: 6, window: window),
            Self.sample(Self.eu, .ok, bucket: 7, window: window),
            Self.sample(Self.us, .ok, bucket: 7, window: window),
            Self.sample(Self.us, .ok, bucket: 8, window: window),
            // One vantage alone is too little evidence for the engine: inconclusive overall, up for its region.
            Self.sample(Self.eu, .ok, bucket: 20, window: window),
            // Two results of one agent in one bucket: the later one counts, whatever the input order.
            Self.sample(Self.eu, .ok, bucket: 8, window: window, offset: 600),
            Self.sample(Self.eu, .credentialsRejected, bucket: 8, window: window, offset: 60),
            // Outside the window: ignored.
            Self.sample(Self.eu, .credentialsRejected, bucket: 48, window: window),
        ]
        let grid = StatusGrid.build(window: window, samples: samples, regions: ["asia"])
        #expect(grid.rows.map(\.region) == ["asia", "eu", "us"])
        #expect(grid.overall.count == 48)
        #expect(grid.overall[0..<5].allSatisfy { $0 == nil })
        #expect(grid.overall[5] == .up)
        #expect(grid.overall[6] == .accountProblem)
        #expect(grid.overall[7] == .up)
        #expect(grid.overall[8] == .up)
        #expect(grid.overall[9..<20].allSatisfy { $0 == nil })
        #expect(grid.overall[20] == .inconclusive)
        #expect(grid.overall[21...].allSatisfy { $0 == nil })
        let rows = Dictionary(uniqueKeysWithValues: grid.rows.map { ($0.region, $0.cells) })
        #expect(rows["asia"]!.allSatisfy { $0 == nil })
        #expect(rows["eu"]![5] == .up && rows["eu"]![6] == .accountProblem && rows["eu"]![7] == .up && rows["eu"]![8] == .up)
        #expect(rows["eu"]![20] == .up)
        #expect(rows["us"]![5] == .up && rows["us"]![6] == .accountProblem && rows["us"]![7] == .up && rows["us"]![20] == nil)

        // Inconclusive since bucket 20 (the first with data after the last "up" bucket, 8).
        #expect(grid.lastChange(current: .inconclusive) == window.bucketStart(20))
        // Now down for everyone (from results newer than the grid): the change is after the last bucket that differs.
        #expect(grid.lastChange(current: .downForEveryone) == window.bucketStart(21))
        // Up now (e.g. newer results): bucket 20 differs, nothing with data after it.
        #expect(grid.lastChange(current: .up) == window.bucketStart(21))
        let upUntilEight = StatusGrid.build(window: window, samples: samples.filter { $0.bucket != 20 })
        // Up since the first bucket with data after the account problem.
        #expect(upUntilEight.lastChange(current: .up) == window.bucketStart(7))
        // The same verdict all day: no change.
        let steady = StatusGrid.build(window: window, samples: [3, 40].flatMap { bucket in
            [Self.sample(Self.eu, .ok, bucket: bucket, window: window), Self.sample(Self.us, .ok, bucket: bucket, window: window)]
        })
        #expect(steady.lastChange(current: .up) == nil)
        #expect(StatusGrid.build(window: window, samples: []).lastChange(current: .inconclusive) == nil)
    }

    @Test("the SVG grid: a cell per bucket and row, each with its verdict in words; a legend; a viewBox")
    func svg() throws {
        let window = StatusWindow.ending(at: 1_800_000_000)
        let grid = StatusGrid.build(window: window, samples: [Self.sample(Self.eu, .ok, bucket: 47, window: window), Self.sample(Self.us, .ok, bucket: 47, window: window)])
        let svg = StatusPageRenderer.grid(grid)
        #expect(svg.contains("viewBox=\"0 0 670 "))
        #expect(svg.components(separatedBy: "<rect ").count - 1 == 48 * 3)  // overall, eu, us
        #expect(svg.components(separatedBy: "class=\"v-up\"").count - 1 == 3)  // each row's last bucket
        #expect(svg.components(separatedBy: "class=\"v-none\"").count - 1 == 47 * 3)
        #expect(svg.contains("<title>eu 08:00–08:30 UTC: Up</title>"))
        #expect(svg.contains("<title>Overall 07:30–08:00 UTC: No data</title>"))
    }

    @Test("the CSP's style hash is the hash of the page's style block, and the page needs nothing external")
    func contentSecurityPolicy() throws {
        let page = StatusPageRenderer.overview(StatusOverview(now: 1_800_000_000, viewer: .anonymous, targets: [], agents: []))
        let start = try #require(page.range(of: "<style>"))
        let end = try #require(page.range(of: "</style>"))
        let style = String(page[start.upperBound..<end.lowerBound])
        let hash = "'sha256-\(Data(SHA256.hash(data: Array(style.utf8))).base64EncodedString())'"
        #expect(StatusPageStyle.contentSecurityPolicy.contains("style-src \(hash);"))
        #expect(StatusPageStyle.contentSecurityPolicy.hasPrefix("default-src 'none';"))
        #expect(page.components(separatedBy: "<style>").count == 2, "one style block")
        #expect(!page.contains(" style=\""), "no style attributes (the CSP allows only the hashed block)")
        #expect(!page.contains("<script"))
        #expect(!page.contains("src=\"http"))
        #expect(!page.contains("href=\"http"))
        #expect(page.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(page.contains("No public targets."))
        #expect(page.contains("href=\"/login\""))
    }

    @Test("form values", arguments: [
        ("token=xct_0123456789abcdef_abc", "token", Optional("xct_0123456789abcdef_abc")),
        ("a=1&token=x%5Fy+z", "token", "x_y z"),
        ("tok=1", "token", nil),
        ("token=", "token", ""),
        ("token=%zz", "token", nil),
    ])
    func formValue(form: String, name: String, expected: String?) {
        #expect(StatusPageRoutes.formValue(name, in: form) == expected)
    }
}
