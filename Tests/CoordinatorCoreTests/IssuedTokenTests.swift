@testable import CoordinatorCore
import Testing

/// Tokens: format, parsing, constant-time comparison of the hash, and the secret never in a description.
@Suite("IssuedToken")
struct IssuedTokenTests {
    @Test("a generated token parses back, matches its own hash and not another's", arguments: [TokenKind.agent, .api])
    func roundTrip(kind: TokenKind) throws {
        let token = IssuedToken.generate(kind)
        let parsed = try #require(IssuedToken.parse(token.text))
        #expect(parsed.kind == kind)
        #expect(parsed.id == token.id)
        #expect(parsed.matches(storedHash: token.secretHash))
        #expect(!parsed.matches(storedHash: IssuedToken.generate(kind).secretHash))
        #expect(!"\(token)".contains(token.secret))
    }

    @Test("secrets containing underscores still parse (base64url uses '_')")
    func underscores() throws {
        let token = IssuedToken(kind: .api, id: "0123456789abcdef", secret: "ab_cd_ef_ghijklmnopqrstuvwxyz0123456789ABC")
        let parsed = try #require(IssuedToken.parse(token.text))
        #expect(parsed.secret == token.secret)
    }

    @Test("garbage is not a token", arguments: ["", "xca", "xca_", "xyz_0123456789abcdef_secretsecretsecretsecret", "xca_nothex!!!!!!!!!!_secretsecretsecretsecret", "xca_0123456789abcdef_short", "Bearer xca_0123456789abcdef_secretsecretsecretsecret"])
    func garbage(text: String) {
        #expect(IssuedToken.parse(text) == nil)
    }

    @Test("scopes are ordered: read < check < admin")
    func scopes() {
        #expect(Scope.read < .check)
        #expect(Scope.check < .admin)
        #expect(!(Scope.admin < .read))
    }
}
