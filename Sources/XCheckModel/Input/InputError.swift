/// Input that cannot be checked (not a URL, a scheme other than http/https, a bad port...). The message says
/// what is wrong in words a user understands, and never contains a password.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { self.message }
}
