import FoundationEssentials
import HTTPTypes
import Hummingbird
import XCheckProtocol

/// The operator status page: server-rendered HTML at `/` and `/status/targets/{id}`, and a small sign-in form.
///
/// Public targets are shown to everyone. A token with the read scope (or more) shows private ones too, given as
/// `Authorization: Bearer …` or through the sign-in form, which keeps it in an HttpOnly, SameSite=Strict
/// cookie. A token in the query string is never read. These pages are not part of the JSON API (not in the
/// OpenAPI document).
struct StatusPageRoutes: Sendable {
    let status: StatusStore
    let agents: AgentStore
    let tokens: TokenStore
    let configuration: CoordinatorConfiguration

    /// The sign-in cookie.
    static let cookieName = "xcheck_status"
    /// How long the sign-in cookie lasts.
    static let cookieLifetimeSeconds = 7 * 86_400
    /// The sign-in form's body is tiny; anything larger is refused.
    static let maximumFormBytes = 4096

    func add(to router: Router<CoordinatorRequestContext>) {
        router.get("/", use: self.overview)
        router.get("status/targets/:id", use: self.target)
        router.get("login", use: self.loginForm)
        router.post("login", use: self.login)
        router.post("logout", use: self.logout)
    }

    // MARK: Pages

    @Sendable func overview(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        let (viewer, staleCookie) = try await self.viewer(request)
        guard let viewer else { return Self.unauthorized() }
        let now = Self.now()
        let window = StatusWindow.ending(at: now)
        let rows = try await self.status.visibleTargets(includingPrivate: viewer.seesPrivateTargets)
        let ids = rows.map(\.id)
        let samples = try await self.status.gridSamples(targets: ids, window: window)
        let inputs = try await self.status.verdictInputs(targets: ids, offlineAfterSeconds: self.offlineAfterSeconds)
        let targets = rows.map { row in
            TargetStatus.make(
                id: row.id, name: row.name, url: row.url, isPublic: row.isPublic, intervalSeconds: row.intervalSeconds,
                regions: row.regions, samples: samples[row.id] ?? [], latest: inputs.latest[row.id] ?? [],
                missing: inputs.missing[row.id] ?? [], window: window)
        }
        let agents = try await self.agents.list().filter { $0.revokedAt == nil }
            .sorted { ($0.region, $0.name) < ($1.region, $1.name) }
        let html = StatusPageRenderer.overview(StatusOverview(now: now, viewer: viewer, targets: targets, agents: agents))
        return self.page(html, viewer: viewer, clearCookie: staleCookie)
    }

    @Sendable func target(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        let (viewer, staleCookie) = try await self.viewer(request)
        guard let viewer else { return Self.unauthorized() }
        let now = Self.now()
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0,
            let row = try await self.status.visibleTarget(id: id, includingPrivate: viewer.seesPrivateTargets)
        else {
            // A private target is "not found" for a viewer who may not see it: its existence is not revealed.
            let html = StatusPageRenderer.message(title: "Not found", text: "There is no such target, or it is not public.", viewer: viewer, now: now)
            return self.page(html, viewer: viewer, status: .notFound, clearCookie: staleCookie)
        }
        let window = StatusWindow.ending(at: now)
        let samples = try await self.status.gridSamples(targets: [id], window: window)
        let inputs = try await self.status.verdictInputs(targets: [id], offlineAfterSeconds: self.offlineAfterSeconds)
        let status = TargetStatus.make(
            id: row.id, name: row.name, url: row.url, isPublic: row.isPublic, intervalSeconds: row.intervalSeconds,
            regions: row.regions, samples: samples[id] ?? [], latest: inputs.latest[id] ?? [], missing: inputs.missing[id] ?? [],
            window: window)
        return self.page(StatusPageRenderer.target(status, viewer: viewer, now: now), viewer: viewer, clearCookie: staleCookie)
    }

    // MARK: Signing in and out

    @Sendable func loginForm(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        var response = self.page(StatusPageRenderer.login(message: nil, now: Self.now()), viewer: .reader)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Checks the token from the form against the token store; a valid one is set as the cookie and the browser
    /// goes to `/` (303). A cross-site form post is refused (its Origin is not this site).
    @Sendable func login(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        guard Self.isSameOrigin(request) else {
            let html = StatusPageRenderer.message(title: "Refused", text: "Sign in from this site's own form.", viewer: .anonymous, now: Self.now())
            return self.page(html, viewer: .reader, status: .forbidden)
        }
        let body = try await request.body.collect(upTo: Self.maximumFormBytes)
        let form = String(buffer: body)
        let presented = Self.formValue("token", in: form)?.trimmingSpaces() ?? ""
        guard let token = IssuedToken.parse(presented), token.kind == .api,
            let user = try await self.tokens.authenticate(token), user.scope >= .read
        else {
            let html = StatusPageRenderer.login(message: "That token is not valid (or was revoked). Use an API token with the read scope or more.", now: Self.now())
            return self.page(html, viewer: .reader, status: .unauthorized)
        }
        var response = Response(status: .seeOther)
        response.headers[.location] = "/"
        response.headers[.cacheControl] = "no-store"
        response.setCookie(Cookie(
            name: Self.cookieName, value: token.text, maxAge: Self.cookieLifetimeSeconds, path: "/",
            secure: self.configuration.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    @Sendable func logout(_ request: Request, context: CoordinatorRequestContext) async throws -> Response {
        var response = Response(status: .seeOther)
        response.headers[.location] = "/"
        response.headers[.cacheControl] = "no-store"
        response.setCookie(self.expiredCookie())
        return response
    }

    // MARK: Viewer

    /// The viewer, from the Authorization header or else the cookie. A header that does not hold a valid token
    /// with the read scope gives nil (401). A cookie that no longer does is ignored and cleared (`true`).
    func viewer(_ request: Request) async throws -> (StatusViewer?, Bool) {
        if let header = request.headers[.authorization] {
            guard header.lowercased().hasPrefix("bearer "),
                let token = IssuedToken.parse(String(header.dropFirst("bearer ".count)).trimmingSpaces()),
                try await self.isReader(token)
            else { return (nil, false) }
            return (.reader, false)
        }
        guard let cookie = request.cookies[Self.cookieName] else { return (.anonymous, false) }
        if let token = IssuedToken.parse(cookie.value), try await self.isReader(token) { return (.reader, false) }
        return (.anonymous, true)
    }

    func isReader(_ token: IssuedToken) async throws -> Bool {
        guard token.kind == .api, let user = try await self.tokens.authenticate(token) else { return false }
        return user.scope >= .read
    }

    // MARK: Responses

    /// An HTML page with the security headers. Pages that may show private targets are never stored by caches.
    func page(_ html: String, viewer: StatusViewer, status: HTTPResponse.Status = .ok, clearCookie: Bool = false) -> Response {
        var response = Response(status: status, headers: Self.headers(private: viewer.seesPrivateTargets), body: .init(byteBuffer: ByteBuffer(string: html)))
        if clearCookie { response.setCookie(self.expiredCookie()) }
        return response
    }

    static func headers(private isPrivate: Bool) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] = StatusPageStyle.contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[Self.referrerPolicy] = "no-referrer"
        headers[.cacheControl] = isPrivate ? "no-store" : "no-cache"
        headers[.vary] = "Authorization, Cookie"
        return headers
    }

    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!

    static func unauthorized() -> Response {
        let html = StatusPageRenderer.message(
            title: "Not signed in", text: "The Authorization header does not hold a valid token with the read scope.",
            viewer: .anonymous, now: Self.now())
        var headers = Self.headers(private: true)
        headers[.wwwAuthenticate] = "Bearer"
        return Response(status: .unauthorized, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func expiredCookie() -> Cookie {
        Cookie(name: Self.cookieName, value: "", maxAge: 0, path: "/", secure: self.configuration.secureCookies, httpOnly: true, sameSite: .strict)
    }

    var offlineAfterSeconds: Int { Int(self.configuration.agentOfflineAfter.components.seconds) }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// True unless the request names an Origin (browsers do on form posts) whose host differs from the Host.
    static func isSameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority else { return false }
        guard let schemeEnd = origin.range(of: "://") else { return false }
        return origin[schemeEnd.upperBound...].lowercased() == host.lowercased()
    }

    /// The first value of `name` in an `application/x-www-form-urlencoded` body, decoded.
    static func formValue(_ name: String, in form: String) -> String? {
        for pair in form.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard Self.percentDecoded(parts[0]) == name else { continue }
            return parts.count > 1 ? Self.percentDecoded(parts[1]) : ""
        }
        return nil
    }

    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
