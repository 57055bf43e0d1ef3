/// The agent's token for the coordinator (`Authorization: Bearer <token>`). A secret: its description is
/// redacted, so string interpolation, `print`, `dump` and loggers never show it, and it is not `Codable`.
/// Read ``value`` only where the header is built.
public struct AgentToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The token itself.
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "AgentToken(<redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
