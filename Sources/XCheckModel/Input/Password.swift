/// A password (or any other credential secret). Its description is redacted, so string interpolation, `print`
/// and loggers never show it, and it is deliberately not `Codable`: it cannot end up in JSON by accident.
/// Read ``value`` only where the secret is sent to the panel.
public struct Password: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The secret itself, exactly as the user gave it (never altered).
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "Password(<redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
    /// True when the password is the empty string.
    public var isEmpty: Bool { self.value.isEmpty }
}
