/// Something in the user's input that xcheck accepted but that may explain a failure, such as an invisible
/// character pasted into a password. Warnings never change the input: the credential is sent as given.
public struct InputWarning: Sendable, Hashable, Codable {
    /// Stable snake_case codes (part of the JSON contract).
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        case missingScheme = "missing_scheme"
        case trailingSlash = "trailing_slash"
        case pastedEndpoint = "pasted_endpoint"
        case credentialsInURL = "credentials_in_url"
        case invisibleCharacters = "invisible_characters"
        case surroundingWhitespace = "surrounding_whitespace"
        case smartQuotes = "smart_quotes"
    }

    /// Which input the warning is about.
    public enum Field: String, Sendable, Hashable, Codable {
        case url, username, password
    }

    /// The warning's code.
    public var code: Code
    /// A sentence for people. Never contains a password or any part of it.
    public var message: String
    /// The input the warning is about.
    public var field: Field
    /// The 1-based character position in that input, where the warning is about one character.
    public var position: Int?

    public init(code: Code, message: String, field: Field, position: Int? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.position = position
    }
}
