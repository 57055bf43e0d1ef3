@testable import CoordinatorCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// AES-GCM sealing of stored passwords and the key file.
@Suite("CredentialCipher")
struct CredentialCipherTests {
    static func key() -> [UInt8] { (0..<32).map { _ in UInt8.random(in: 0...255) } }

    @Test("seal then open gives the password back; the sealed bytes do not contain it")
    func roundTrip() throws {
        let cipher = try CredentialCipher(keyBytes: Self.key())
        let sealed = try cipher.seal("p&ss#w+rd %/é")
        #expect(try cipher.open(sealed) == "p&ss#w+rd %/é")
        #expect(!String(decoding: sealed, as: UTF8.self).contains("p&ss"))
        #expect(try cipher.seal("same") != (try cipher.seal("same")))  // a fresh nonce each time
    }

    @Test("another key, or an altered box, cannot open it")
    func tamper() throws {
        let cipher = try CredentialCipher(keyBytes: Self.key())
        var sealed = try cipher.seal("secret")
        #expect(throws: (any Error).self) { _ = try CredentialCipher(keyBytes: Self.key()).open(sealed) }
        sealed[sealed.count - 1] ^= 0x01
        #expect(throws: (any Error).self) { _ = try cipher.open(sealed) }
    }

    @Test("the key file is created with mode 0600 and reused; a file others can read is refused")
    func keyFile() throws {
        let path = "/tmp/xcheck-key-\(UInt64.random(in: 0...UInt64.max))"
        defer { unlink(path) }
        let first = try CredentialCipher.loadOrCreate(keyFile: path)
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        let second = try CredentialCipher.loadOrCreate(keyFile: path)
        #expect(try second.open(try first.seal("x")) == "x")
        chmod(path, 0o644)
        #expect(throws: CredentialCipher.KeyError.self) { _ = try CredentialCipher.loadOrCreate(keyFile: path) }
    }

    @Test("fingerprints depend on every part and on the key")
    func fingerprints() throws {
        let cipher = try CredentialCipher(keyBytes: Self.key())
        let base = cipher.fingerprint(["login", "http://h", "u", "p", ""])
        #expect(base == cipher.fingerprint(["login", "http://h", "u", "p", ""]))
        #expect(base != cipher.fingerprint(["login", "http://h", "u", "q", ""]))
        #expect(base != (try CredentialCipher(keyBytes: Self.key())).fingerprint(["login", "http://h", "u", "p", ""]))
    }

    @Test("PostgreSQL array literals quote and escape every element", arguments: [
        ([String?]([]), "{}"), (["a"], #"{"a"}"#), (["a", nil], #"{"a",NULL}"#),
        ([#"q"uote"#, #"back\slash"#], #"{"q\"uote","back\\slash"}"#), (["{,}"], #"{"{,}"}"#),
    ])
    func arrays(values: [String?], literal: String) {
        #expect(PostgresArray.literal(values) == literal)
    }
}
