/// One HTTP response header field, as received (name case preserved).
public struct HTTPHeader: Sendable, Hashable {
    /// The field name, e.g. `Content-Type`. Compare case-insensitively.
    public var name: String
    /// The field value, without the surrounding whitespace.
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
