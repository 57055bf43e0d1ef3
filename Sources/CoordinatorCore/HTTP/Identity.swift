/// Who made a request, as established by the bearer token.
public enum Identity: Sendable, Hashable {
    /// An enrolled agent.
    case agent(id: Int64, name: String, region: String, network: String)
    /// An API user with a scope.
    case user(name: String, scope: Scope)
}
