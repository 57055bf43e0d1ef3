/// The panel's application logic: turns a request into the answer the configured family would give.
/// Pure (no I/O); failure modes are applied by the connection handler on top of this.
struct PanelResponder: Sendable {
    private enum Authentication {
        case missing
        case wrong
        case line(SimulatorConfiguration.Account, LineState)
    }

    let family: SimulatorConfiguration.Family
    let server: ServerIdentity
    let now: @Sendable () -> Int64
    private let accounts: [String: SimulatorConfiguration.Account]

    init(configuration: SimulatorConfiguration, server: ServerIdentity) {
        family = configuration.family
        self.server = server
        now = configuration.now
        var accounts: [String: SimulatorConfiguration.Account] = [:]
        for account in configuration.accounts where accounts[account.username] == nil {
            accounts[account.username] = account
        }
        self.accounts = accounts
    }

    /// Numeric action aliases accepted by XC v2 and XUI.
    private static let actionAliases: [String: String] = [
        "0": "get_epg", "200": "get_vod_categories", "201": "get_live_categories", "202": "get_live_streams",
        "203": "get_vod_streams", "204": "get_series_info", "205": "get_short_epg", "206": "get_series_categories",
        "207": "get_simple_data_table", "208": "get_series", "209": "get_vod_info",
    ]
    private static let listActions: Set<String> = [
        "get_vod_categories", "get_live_categories", "get_live_streams", "get_vod_streams",
        "get_series_categories", "get_series", "get_epg",
    ]
    private static let epgActions: Set<String> = ["get_short_epg", "get_simple_data_table"]

    func respond(to request: PanelRequest, route: PanelRoute) -> PanelResponse {
        guard ["GET", "POST", "HEAD"].contains(request.method) else {
            // XUI's nginx answers every other method with `return 200;`.
            return family == .xui ? .empty(200) : .nginxError(405)
        }
        switch route {
        case .login:
            return login(request)
        case .playlist:
            return playlist(request)
        case .stream(let username, let password):
            guard username != nil, password != nil else { return .nginxError(404) }
            return stream(username: username, password: password)
        case .other:
            return .nginxError(404)
        }
    }

    private func authenticate(username: String?, password: String?, now: Int64) -> Authentication {
        guard let username, let password, !username.isEmpty, !password.isEmpty else { return .missing }
        guard let account = accounts[username], account.password == password else { return .wrong }
        return .line(account, LineState(account: account, now: now))
    }

    /// The family's answer to a refused login: wrong, missing or (XUI) inactive line.
    private func rejectedLogin(missing: Bool) -> PanelResponse {
        switch family {
        case .xtreamCodes: missing ? .json([]) : .json(XtreamDocuments.rejectedLogin)
        case .xui: .xuiNotFound
        case .integerTyped: .empty(401, contentType: nil)
        }
    }

    private func login(_ request: PanelRequest) -> PanelResponse {
        let now = now()
        let parameters = request.parameters
        switch authenticate(username: parameters["username"], password: parameters["password"], now: now) {
        case .missing:
            return rejectedLogin(missing: true)
        case .wrong:
            return rejectedLogin(missing: false)
        case .line(let account, let state):
            if family == .xui, state != .active { return .xuiNotFound }
            if state == .active, let rawAction = parameters["action"], !rawAction.isEmpty {
                let action = Self.actionAliases[rawAction] ?? rawAction
                if Self.listActions.contains(action) { return .json(XtreamDocuments.emptyArray) }
                if Self.epgActions.contains(action) { return .json(XtreamDocuments.emptyEPG) }
            }
            let body = XtreamDocuments.login(family: family, account: account, state: state, now: now, server: server)
            return .json(body)
        }
    }

    private func refusedStreamOrPlaylist(xtreamCodesStatus: Int) -> PanelResponse {
        switch family {
        case .xtreamCodes: .empty(xtreamCodesStatus)
        case .xui: .xuiNotFound
        case .integerTyped: .empty(401, contentType: nil)
        }
    }

    private func playlist(_ request: PanelRequest) -> PanelResponse {
        let parameters = request.parameters
        guard case .line(let account, .active) = authenticate(
            username: parameters["username"],
            password: parameters["password"],
            now: now()
        ) else {
            return refusedStreamOrPlaylist(xtreamCodesStatus: 404)
        }
        let base = "\(server.serverProtocol)://\(server.url.contains(":") ? "[\(server.url)]" : server.url)"
            + ":\(server.serverProtocol == "https" ? server.httpsPort ?? server.httpPort : server.httpPort)"
        let user = FormDecoding.encodePathSegment(account.username)
        let password = FormDecoding.encodePathSegment(account.password)
        let channels = [(1, "Simulator One"), (2, "Simulator Two")]
        var text = "#EXTM3U\n"
        for (id, name) in channels {
            text += "#EXTINF:-1 tvg-id=\"sim.\(id)\" tvg-name=\"\(name)\" tvg-logo=\"\" group-title=\"Simulator\",\(name)\n"
            text += "\(base)/live/\(user)/\(password)/\(id).ts\n"
        }
        return PanelResponse(
            status: 200,
            contentType: "application/octet-stream",
            body: Array(text.utf8),
            extraHeaders: [("Content-Disposition", "attachment; filename=\"tv_channels_\(user).m3u\"")]
        )
    }

    /// Two MPEG-TS null packets: enough bytes for a client to see a stream start.
    static let streamBytes: [UInt8] = {
        var packet = [UInt8](repeating: 0xFF, count: 188)
        packet[0] = 0x47
        packet[1] = 0x1F
        packet[2] = 0xFF
        packet[3] = 0x10
        return packet + packet
    }()

    private func stream(username: String?, password: String?) -> PanelResponse {
        guard case .line(_, .active) = authenticate(username: username, password: password, now: now()) else {
            return refusedStreamOrPlaylist(xtreamCodesStatus: 401)
        }
        return PanelResponse(status: 200, contentType: "video/mp2t", body: Self.streamBytes)
    }
}
