/// Why a body is not an Xtream login answer. The message says what is wrong in plain words
/// ("the answer is not JSON") and never quotes the body, so it cannot leak the echoed password.
public struct XtreamDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, as a lower-case clause.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { self.message }

    /// The body is empty or only whitespace.
    static let empty = XtreamDecodingError("the answer is empty")
    /// The body is not valid JSON.
    static let notJSON = XtreamDecodingError("the answer is not JSON")
    /// The JSON object has no `user_info` key.
    static let noUserInfo = XtreamDecodingError("the object has no user_info")
    /// `user_info` is null.
    static let nullUserInfo = XtreamDecodingError("the object's user_info is null")
    /// `user_info` is a string, number or non-empty array.
    static let userInfoNotObject = XtreamDecodingError("the object's user_info is not an object")
}
