/// The JSON body of every error the coordinator answers: `{"error": {"code", "message"}}`.
public struct APIError: Error, Sendable, Hashable, Codable {
    public struct Body: Sendable, Hashable, Codable {
        /// Stable snake_case: `bad_request`, `invalid_json`, `body_too_large`, `unauthorized`, `forbidden`,
        /// `not_found`, `invalid_target`, `database_unavailable`, `internal`.
        public var code: String
        /// A sentence for people; never contains a password or a token.
        public var message: String
    }

    public var error: Body

    public init(code: String, message: String) {
        self.error = Body(code: code, message: message)
    }
}
