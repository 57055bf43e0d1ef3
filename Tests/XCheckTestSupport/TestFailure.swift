/// A test harness failure with a message (a missing binary, a child that did not finish, a bad test URL).
public struct TestFailure: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }

    public init(description: String) { self.description = description }
}
