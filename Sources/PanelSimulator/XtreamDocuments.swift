/// The JSON documents each panel family returns from `player_api.php`.
enum XtreamDocuments {
    /// XC v2's answer to wrong credentials.
    static let rejectedLogin = Array(#"{"user_info":{"auth":0}}"#.utf8)
    static let emptyArray = Array("[]".utf8)
    static let emptyEPG = Array(#"{"epg_listings":[]}"#.utf8)

    static let message = "Welcome to xcheck-panel-sim"
    private static let createdAge: Int64 = 180 * 86_400

    /// The login object (`user_info` + `server_info`) for a known line.
    static func login(
        family: SimulatorConfiguration.Family,
        account: SimulatorConfiguration.Account,
        state: LineState,
        now: Int64,
        server: ServerIdentity
    ) -> [UInt8] {
        switch family {
        case .xtreamCodes: xtreamCodesLogin(account: account, state: state, now: now, server: server)
        case .xui: xuiLogin(account: account, now: now, server: server)
        case .integerTyped: integerTypedLogin(account: account, state: state, now: now, server: server)
        }
    }

    private static func xtreamCodesLogin(
        account: SimulatorConfiguration.Account,
        state: LineState,
        now: Int64,
        server: ServerIdentity
    ) -> [UInt8] {
        let userInfo: JSONValue = .object([
            ("username", .string(account.username)),
            ("password", .string(account.password)),
            ("message", .string(message)),
            ("auth", .int(1)),
            ("status", .string(state.statusText)),
            ("exp_date", .string(account.expiry(now: now).map { String($0) })),
            ("is_trial", .string(account.isTrial ? "1" : "0")),
            ("active_cons", .string(String(account.activeConnections))),
            ("created_at", .string(String(now - createdAge))),
            ("max_connections", .string(String(account.maxConnections))),
            ("allowed_output_formats", .array([.string("m3u8"), .string("ts"), .string("rtmp")])),
        ])
        let serverInfo: JSONValue = .object([
            ("url", .string(server.url)),
            ("port", .string(String(server.httpPort))),
            ("https_port", .string(server.httpsPort.map { String($0) } ?? "")),
            ("server_protocol", .string(server.serverProtocol)),
            ("rtmp_port", .string("25462")),
            ("timezone", .string(PanelClock.timezone)),
            ("timestamp_now", .int(now)),
            ("time_now", .string(PanelClock.panelTime(epoch: now))),
            ("process", .bool(true)),
        ])
        return JSONValue.object([("user_info", userInfo), ("server_info", serverInfo)]).rendered(.php)
    }

    /// XUI only ever shows active lines, so the status is always `Active`.
    private static func xuiLogin(
        account: SimulatorConfiguration.Account,
        now: Int64,
        server: ServerIdentity
    ) -> [UInt8] {
        let userInfo: JSONValue = .object([
            ("username", .string(account.username)),
            ("password", .string(account.password)),
            ("message", .string(message)),
            ("auth", .int(1)),
            ("status", .string("Active")),
            ("exp_date", .string(account.expiry(now: now).map { String($0) })),
            ("is_trial", .string(account.isTrial ? "1" : "0")),
            ("active_cons", .string(String(account.activeConnections))),
            ("created_at", .string(String(now - createdAge))),
            ("max_connections", .string(String(account.maxConnections))),
            ("allowed_output_formats", .array([.string("m3u8"), .string("ts"), .string("rtmp")])),
        ])
        let serverInfo: JSONValue = .object([
            ("xui", .bool(true)),
            ("version", .string("1.5.5")),
            ("revision", .int(2)),
            ("url", .string(server.url)),
            ("port", .string(String(server.httpPort))),
            ("https_port", .string(server.httpsPort.map { String($0) } ?? "")),
            ("server_protocol", .string(server.serverProtocol)),
            ("rtmp_port", .string("8880")),
            ("timestamp_now", .int(now)),
            ("time_now", .string(PanelClock.panelTime(epoch: now))),
            ("timezone", .string(PanelClock.timezone)),
        ])
        return JSONValue.object([("user_info", userInfo), ("server_info", serverInfo)]).rendered(.phpUnescapedSlashes)
    }

    private static func integerTypedLogin(
        account: SimulatorConfiguration.Account,
        state: LineState,
        now: Int64,
        server: ServerIdentity
    ) -> [UInt8] {
        let userInfo: JSONValue = .object([
            ("active_cons", .int(account.activeConnections)),
            ("allowed_output_formats", .array([.string("ts")])),
            ("auth", .int(1)),
            ("created_at", .int(now - createdAge)),
            ("exp_date", account.expiry(now: now).map { .int($0) } ?? .null),
            ("is_trial", .int(account.isTrial ? 1 : 0)),
            ("max_connections", .int(account.maxConnections)),
            ("message", .string(message)),
            ("password", .string(account.password)),
            ("username", .string(account.username)),
            ("status", .string(state.statusText)),
        ])
        let serverInfo: JSONValue = .object([
            ("url", .string(server.url)),
            ("port", .int(server.httpPort)),
            ("https_port", .int(server.httpsPort ?? 0)),
            ("server_protocol", .string(server.serverProtocol)),
            ("rtmp_port", .int(1935)),
            ("timezone", .string(PanelClock.timezone)),
            ("timestamp_now", .int(now)),
            ("time_now", .string(PanelClock.panelTime(epoch: now))),
        ])
        return JSONValue.object([("user_info", userInfo), ("server_info", serverInfo)]).rendered(.minimal)
    }
}
