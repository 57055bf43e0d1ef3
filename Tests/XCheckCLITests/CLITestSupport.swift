import Foundation
import PanelSimulator
import XCheckTestSupport

/// A JSON document with its exact types (a JSON `true` is never a number, `1` never a Bool).
enum JSONValue: Decodable, Equatable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    struct NotJSON: Error {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            throw NotJSON()
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    var isNull: Bool { self == .null }

    var isBool: Bool {
        if case .bool = self { return true }
        return false
    }

    /// A number with no fractional part.
    var isInteger: Bool {
        guard let value = self.numberValue else { return false }
        return value.isFinite && value.rounded() == value
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let values): "[\(values.map(\.description).joined(separator: ", "))]"
        case .object(let members):
            "{\(members.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", "))}"
        }
    }
}

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
