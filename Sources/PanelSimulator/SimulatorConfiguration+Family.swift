extension SimulatorConfiguration {
    /// The panel software being imitated; each family answers logins and failures differently.
    public enum Family: String, Sendable, CaseIterable {
        /// Xtream Codes 2.x and its forks: string-typed fields, `{"user_info":{"auth":0}}` for wrong credentials,
        /// 200 with an empty body for missing credentials, status Active/Expired/Banned/Disabled.
        case xtreamCodes = "xtream_codes"
        /// XUI.one 1.5.5: `server_info.xui`; every rejected or inactive line gets nginx's 404 page.
        case xui
        /// A re-implementation with integer-typed fields (tuliprox-like); wrong credentials get 401, empty body.
        case integerTyped = "integer_typed"
    }
}
