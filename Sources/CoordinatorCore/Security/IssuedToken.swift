public import Crypto
import FoundationEssentials

/// A bearer token: `<kind>_<id>_<secret>`. The id is stored in the clear for the lookup; of the secret only a
/// SHA-256 hash is stored, compared in constant time. The whole token is shown once, when it is made.
public struct IssuedToken: Sendable, CustomStringConvertible {
    public var kind: TokenKind
    /// The public part (16 hex digits).
    public var id: String
    /// The secret part (43 base64url characters, 256 bits).
    var secret: String

    /// A new random token.
    public static func generate(_ kind: TokenKind) -> IssuedToken {
        var generator = SystemRandomNumberGenerator()
        let idBytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secretBytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return IssuedToken(kind: kind, id: Self.hex(idBytes), secret: Self.base64URL(secretBytes))
    }

    /// Splits a presented token; nil when it is not of the expected form.
    public static func parse(_ text: String) -> IssuedToken? {
        let parts = text.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let kind = TokenKind(rawValue: String(parts[0])),
            parts[1].count == 16, parts[1].allSatisfy({ $0.isHexDigit }),
            (20...128).contains(parts[2].count)
        else { return nil }
        return IssuedToken(kind: kind, id: String(parts[1]), secret: String(parts[2]))
    }

    /// The full token, for showing once.
    public var text: String { "\(self.kind.rawValue)_\(self.id)_\(self.secret)" }

    /// Never the secret.
    public var description: String { "\(self.kind.rawValue)_\(self.id)_<redacted>" }

    /// SHA-256 of the secret: what is stored.
    public var secretHash: [UInt8] { Array(SHA256.hash(data: Array(self.secret.utf8))) }

    /// Compares this token's secret with a stored hash in constant time.
    public func matches(storedHash: [UInt8]) -> Bool {
        let presented = self.secretHash
        guard presented.count == storedHash.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<presented.count { difference |= presented[index] ^ storedHash[index] }
        return difference == 0
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }
}
