import XCheckProtocol
import FoundationEssentials
import XCheckModel

/// Encoding and decoding of stored probe results.
enum ResultJSON {
    static func decode(_ text: String) throws -> ProbeResult {
        try JSONDecoder().decode(ProbeResult.self, from: Data(text.utf8))
    }

    static func encode(_ result: ProbeResult) throws -> String {
        String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
    }
}
