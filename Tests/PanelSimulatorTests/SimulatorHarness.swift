import Foundation
import PanelSimulator
import XCheckTestSupport

/// Shared helpers: a fixed panel clock, a simulator that is always shut down, JSON access, fixture paths.
enum SimulatorHarness {
    /// 2024-10-19 11:04:37 UTC = 12:04:37 in London (BST), the timestamp of the XC v2 sample in the notes.
    static let fixedNow: Int64 = 1_729_335_877
    static let day: Int64 = 86_400

    static func configuration(
        family: SimulatorConfiguration.Family = .xtreamCodes,
        mode: SimulatorConfiguration.Mode = .normal
    ) -> SimulatorConfiguration {
        SimulatorConfiguration(family: family, mode: mode, now: { fixedNow })
    }

    /// Starts a simulator, runs `body`, and always shuts the simulator down.
    static func with<T>(
        _ configuration: SimulatorConfiguration,
        _ body: (PanelSimulator) async throws -> T
    ) async throws -> T {
        let simulator = try await PanelSimulator.start(configuration)
        do {
            let result = try await body(simulator)
            try await simulator.shutdown()
            return result
        } catch {
            try? await simulator.shutdown()
            throw error
        }
    }

    struct NotAnObject: Error {}

    static func jsonObject(_ bytes: [UInt8]) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            as? [String: Any]
        else { throw NotAnObject() }
        return object
    }

    /// `user_info` and `server_info` of a login answer.
    static func loginSections(_ bytes: [UInt8]) throws -> (user: [String: Any], server: [String: Any]) {
        let object = try jsonObject(bytes)
        guard let user = object["user_info"] as? [String: Any], let server = object["server_info"] as? [String: Any]
        else { throw NotAnObject() }
        return (user, server)
    }

    /// `Tests/Fixtures/tls/<name>`.
    static func fixture(_ name: String) -> String {
        "\(TestEnvironment.tlsFixtures)/\(name)"
    }

    /// The XUI 404 page's padding line.
    static let paddingLine = "<!-- a padding to disable MSIE and Chrome friendly error page -->"

    static func occurrences(of needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }
}
