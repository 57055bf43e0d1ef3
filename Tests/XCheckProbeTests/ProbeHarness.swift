import Curl
import PanelSimulator
import XCheckModel
import XCheckProbe
import XCheckTestSupport

/// Runs probes against simulators on loopback.
enum ProbeHarness {
    static var tlsFiles: SimulatorConfiguration.TLSFiles {
        let dir = TestEnvironment.tlsFixtures
        return .init(certificateChainPath: "\(dir)/server.pem", privateKeyPath: "\(dir)/server-key.pem")
    }

    static var caFile: String { "\(TestEnvironment.tlsFixtures)/ca.pem" }

    /// Test configuration: the test CA, no spacing between checks, and limits generous enough for a loaded
    /// machine. Tests about a limit set that limit short themselves; no test passes or fails on speed.
    static func configuration(_ change: (inout ProbeConfiguration) -> Void = { _ in }) -> ProbeConfiguration {
        var configuration = ProbeConfiguration()
        configuration.connectTimeout = .seconds(10)
        configuration.tlsTimeout = .seconds(10)
        configuration.requestTimeout = .seconds(20)
        configuration.dnsTimeout = .seconds(10)
        configuration.caFile = self.caFile
        configuration.politeness = PolitenessPolicy(oneRequestPerHost: true, minimumInterval: .zero)
        change(&configuration)
        return configuration
    }

    /// Parses `url` with the credentials and probes it with a fresh engine.
    static func probe(
        _ url: String, username: String? = nil, password: String? = nil,
        configuration: ProbeConfiguration = ProbeHarness.configuration()
    ) async throws -> ProbeResult {
        let input = try TargetParser.parse(url: url, username: username, password: password)
        let driver = try CurlDriver.start()
        let engine = ProbeEngine(driver: driver, configuration: configuration)
        do {
            let result = try await engine.probe(input)
            await driver.shutdown()
            return result
        } catch {
            await driver.shutdown()
            throw error
        }
    }

    /// Starts a simulator, runs `body` with it, and shuts it down.
    static func withPanel<T>(
        _ configuration: SimulatorConfiguration = SimulatorConfiguration(),
        _ body: (PanelSimulator) async throws -> T
    ) async throws -> T {
        let panel = try await PanelSimulator.start(configuration)
        do {
            let value = try await body(panel)
            try await panel.shutdown()
            return value
        } catch {
            try? await panel.shutdown()
            throw error
        }
    }
}
