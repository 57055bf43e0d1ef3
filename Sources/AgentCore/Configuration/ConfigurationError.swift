/// A setting that is missing or wrong, with a message that names where it came from (a flag, an environment
/// variable, or a line of the config file). Messages never contain the token.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One sentence for the operator.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { self.message }
}
