/// The two kinds of bearer token: an agent's, and an API user's.
public enum TokenKind: String, Sendable, Hashable {
    case agent = "xca"
    case api = "xct"
}
