import Foundation
import PanelSimulator
import XCheckTestSupport

/// Simulators for the CLI tests: always on 127.0.0.1, port 0, always shut down.
enum Panels {
    static let day: Int64 = 86_400

    /// The test server certificate and key (for 127.0.0.1 and localhost, signed by the test CA).
    static var tlsFiles: SimulatorConfiguration.TLSFiles {
        let dir = TestEnvironment.tlsFixtures
        return .init(certificateChainPath: "\(dir)/server.pem", privateKeyPath: "\(dir)/server-key.pem")
    }

    /// The test CA certificate.
    static var caFile: String { "\(TestEnvironment.tlsFixtures)/ca.pem" }

    /// Starts a simulator, runs `body` with it, and shuts it down whatever happens.
    static func with<T>(
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

    /// `http://127.0.0.1:<a port nothing listens on>`.
    static func closedURL() -> String {
        "http://127.0.0.1:\(LoopbackSockets.closedPort())"
    }
}

/// The exit statuses `xcheck` documents.
enum Exit {
    static let healthy: Int32 = 0
    static let problem: Int32 = 1
    static let badInput: Int32 = 2
    static let internalError: Int32 = 3
}
