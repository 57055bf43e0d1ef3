@preconcurrency import Crypto
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Seals credentials at rest with AES-256-GCM. The key lives in a file (32 random bytes) created with mode
/// 0600 on first start; every coordinator replica must use the same key file. It also keys the HMAC that
/// fingerprints ad-hoc checks, so the fingerprint of a password cannot be attacked offline.
public struct CredentialCipher: Sendable {
    /// Why the key could not be loaded.
    public struct KeyError: Error, CustomStringConvertible {
        public var description: String
    }

    private let key: SymmetricKey

    /// Uses the given 32 key bytes.
    public init(keyBytes: [UInt8]) throws {
        guard keyBytes.count == 32 else { throw KeyError(description: "the credential key must be 32 bytes, got \(keyBytes.count)") }
        self.key = SymmetricKey(data: keyBytes)
    }

    /// Loads the key file, creating it (mode 0600, 32 random bytes) when it does not exist.
    public static func loadOrCreate(keyFile path: String) throws -> CredentialCipher {
        let fd = Glibc.open(path, O_RDONLY)
        if fd >= 0 {
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw KeyError(description: "cannot read the key file \(path)") }
            if info.st_mode & 0o077 != 0 {
                throw KeyError(description: "the key file \(path) is readable by others (mode \(String(info.st_mode & 0o777, radix: 8))); make it 0600")
            }
            var bytes = [UInt8](repeating: 0, count: 64)
            let n = read(fd, &bytes, bytes.count)
            guard n == 32 else { throw KeyError(description: "the key file \(path) must hold exactly 32 bytes") }
            return try CredentialCipher(keyBytes: Array(bytes[0..<32]))
        }
        guard errno == ENOENT else { throw KeyError(description: "cannot open the key file \(path): \(String(cString: strerror(errno)))") }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        // Write a private temporary file completely, then link it into place: link(2) never replaces an
        // existing file, so replicas starting together either win or read the winner's complete key.
        let temporary = "\(path).\(UInt64.random(in: 0...UInt64.max, using: &generator)).tmp"
        let out = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard out >= 0 else { throw KeyError(description: "cannot create the key file \(path): \(String(cString: strerror(errno)))") }
        defer { unlink(temporary) }
        let written = write(out, bytes, bytes.count)
        let synced = fsync(out)
        close(out)
        guard written == bytes.count, synced == 0 else { throw KeyError(description: "cannot write the key file \(path)") }
        if link(temporary, path) != 0 {
            if errno == EEXIST { return try self.loadOrCreate(keyFile: path) }
            throw KeyError(description: "cannot create the key file \(path): \(String(cString: strerror(errno)))")
        }
        return try CredentialCipher(keyBytes: bytes)
    }

    /// Nonce, ciphertext and tag of `plaintext`.
    public func seal(_ plaintext: String) throws -> [UInt8] {
        let box = try AES.GCM.seal(Array(plaintext.utf8), using: self.key)
        guard let combined = box.combined else { throw KeyError(description: "AES-GCM produced no combined box") }
        return Array(combined)
    }

    /// The plaintext of a sealed box; throws when it was not sealed with this key or was altered.
    public func open(_ sealed: [UInt8]) throws -> String {
        let box = try AES.GCM.SealedBox(combined: sealed)
        let plain = try AES.GCM.open(box, using: self.key)
        return String(decoding: plain, as: UTF8.self)
    }

    /// HMAC-SHA256 of `parts` (joined with NUL bytes) under the key.
    public func fingerprint(_ parts: [String]) -> [UInt8] {
        let message = Array(parts.joined(separator: "\u{0}").utf8)
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: self.key))
    }
}
