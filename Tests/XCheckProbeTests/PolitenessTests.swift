import Curl
import PanelSimulator
import Testing
import XCheckModel
import XCheckProbe

/// The probe is gentle with panels: one request in flight per host, spacing, back-off, never a stream URL.
@Suite("Politeness")
struct PolitenessTests {
    @Test("concurrent checks of one host are serialised: never two requests in flight at once")
    func onePerHost() async throws {
        let stats = try await ProbeHarness.withPanel(SimulatorConfiguration(mode: .slow(milliseconds: 100))) { panel in
            let driver = try CurlDriver.start()
            let engine = ProbeEngine(driver: driver, configuration: ProbeHarness.configuration { $0.checkAdvertisedPorts = false })
            let input = try TargetParser.parse(url: panel.baseURL, username: "active", password: "secret")
            try await withThrowingTaskGroup(of: ProbeResult.self) { group in
                for _ in 0..<6 { group.addTask { try await engine.probe(input) } }
                for try await result in group { #expect(result.outcome == .ok) }
            }
            await driver.shutdown()
            return panel.stats
        }
        #expect(stats.loginRequests == 6)
        #expect(stats.maxConcurrentRequests == 1)
    }

    @Test("without the per-host rule the same checks overlap (the rule above is what serialises them)")
    func unthrottledOverlaps() async throws {
        let stats = try await ProbeHarness.withPanel(SimulatorConfiguration(mode: .slow(milliseconds: 200))) { panel in
            let driver = try CurlDriver.start()
            let engine = ProbeEngine(driver: driver, configuration: ProbeHarness.configuration {
                $0.politeness = .unthrottled
                $0.checkAdvertisedPorts = false
            })
            let input = try TargetParser.parse(url: panel.baseURL, username: "active", password: "secret")
            try await withThrowingTaskGroup(of: ProbeResult.self) { group in
                for _ in 0..<6 { group.addTask { try await engine.probe(input) } }
                for try await _ in group {}
            }
            await driver.shutdown()
            return panel.stats
        }
        #expect(stats.maxConcurrentRequests > 1)
    }

    @Test("checks of one host are spaced by the minimum interval")
    func spacing() async throws {
        let interval = Duration.milliseconds(300)
        let elapsed = try await ProbeHarness.withPanel { panel in
            let driver = try CurlDriver.start()
            let engine = ProbeEngine(driver: driver, configuration: ProbeHarness.configuration {
                $0.politeness = PolitenessPolicy(minimumInterval: interval)
                $0.checkAdvertisedPorts = false
            })
            let input = try TargetParser.parse(url: panel.baseURL, username: "active", password: "secret")
            let start = ContinuousClock.now
            for _ in 0..<3 { _ = try await engine.probe(input) }
            await driver.shutdown()
            return ContinuousClock.now - start
        }
        // A lower bound (the rule), never an upper one: a slow machine cannot make this fail.
        #expect(elapsed >= interval * 2)
    }

    @Test("after a 429 the host is left alone: the next check does not contact it")
    func backoff() async throws {
        let (first, second, stats) = try await ProbeHarness.withPanel(SimulatorConfiguration(mode: .rateLimited)) { panel in
            let driver = try CurlDriver.start()
            let engine = ProbeEngine(driver: driver, configuration: ProbeHarness.configuration { $0.checkAdvertisedPorts = false })
            let input = try TargetParser.parse(url: panel.baseURL, username: "active", password: "secret")
            let first = try await engine.probe(input)
            let second = try await engine.probe(input)
            await driver.shutdown()
            return (first, second, panel.stats)
        }
        #expect(first.outcome == .rateLimited)
        #expect(second.outcome == .rateLimited)
        #expect(second.detail.hasPrefix("Not contacted"))
        #expect(stats.totalRequests == 1)
    }

    @Test("a probe never requests a stream URL, whatever the account")
    func noStreams() async throws {
        let stats = try await ProbeHarness.withPanel { panel in
            for user in ["active", "maxed", "expired", "trial"] {
                _ = try await ProbeHarness.probe(panel.baseURL, username: user, password: "secret")
            }
            return panel.stats
        }
        #expect(stats.streamRequests == 0)
        #expect(stats.paths.allSatisfy { $0.hasSuffix("/player_api.php") })
    }

    @Test("stream paths are recognised", arguments: [
        ("/live/u/p/1.ts", true), ("/movie/u/p/2.mkv", true), ("/series/u/p/3.mp4", true), ("/u/p/12.ts", true),
        ("/timeshift/u/p/60/2024-01-01:10-00/1.ts", true), ("/hls/abc/index.m3u8", true), ("/play/token", true),
        ("/player_api.php?username=a", false), ("/get.php", false), ("/", false), ("/panel/player_api.php", false),
    ])
    func streamPaths(path: String, isStream: Bool) {
        #expect(StreamPath.isStream(path: path) == isStream)
    }
}
