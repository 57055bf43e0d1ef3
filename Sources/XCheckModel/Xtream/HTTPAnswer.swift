/// What the server answered to one HTTP request: status, headers and (possibly capped) body.
/// The probe fills it in; ``LoginClassifier`` interprets it.
public struct HTTPAnswer: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The response headers, in the order received.
    public var headers: [HTTPHeader]
    /// The response body, at most the probe's size cap.
    public var body: [UInt8]
    /// True when the body was cut at the size cap (the real answer was larger).
    public var bodyTruncated: Bool

    public init(status: Int, headers: [HTTPHeader] = [], body: [UInt8] = [], bodyTruncated: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyTruncated = bodyTruncated
    }

    /// The value of the first header named `name` (compared case-insensitively), or nil.
    public func header(_ name: String) -> String? {
        let wanted = ByteText.asciiLowercased(name)
        for field in self.headers where ByteText.asciiLowercased(field.name) == wanted {
            return field.value
        }
        return nil
    }
}
