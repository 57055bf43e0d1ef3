/// The result of parsing what the user gave: the target to check and the warnings about the input.
public struct ParsedInput: Sendable, Hashable {
    /// The server and credentials to check.
    public var target: ProbeTarget
    /// Warnings about the input, in the order found.
    public var warnings: [InputWarning]

    public init(target: ProbeTarget, warnings: [InputWarning]) {
        self.target = target
        self.warnings = warnings
    }
}
