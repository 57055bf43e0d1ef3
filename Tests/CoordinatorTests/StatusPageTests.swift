import CoordinatorCore
import Foundation
import Testing
import XCheckProtocol

extension CoordinatorTests {
    /// The status page served by a real coordinator on PostgreSQL: who sees what, the page's content, the
    /// sign-in cookie, and that no username or password ever reaches a page.
    @Suite("Status page")
    struct StatusPageTests {
        static func expectNoSecrets(_ fixture: Fixture, _ world: StatusPageWorld, sourceLocation: SourceLocation = #_sourceLocation) {
            for response in fixture.http.responses where !response.path.hasPrefix("/v1/") {
                for secret in world.secrets {
                    #expect(!response.text.contains(secret), "\(response.method) \(response.path) shows a target's username or password", sourceLocation: sourceLocation)
                }
                #expect(!response.text.contains(world.readerToken), "\(response.method) \(response.path) shows the token", sourceLocation: sourceLocation)
            }
        }

        @Test("anonymous: public targets with verdict, grid and last change; agents; private targets hidden; HTML headers")
        func anonymous() async throws {
            try await Fixture.with { fixture in
                let world = try await StatusPageWorld.make(fixture)
                let base = world.coordinator.baseURL
                let page = try await fixture.http.get("\(base)/")
                #expect(page.status == 200, "\(page)")
                let html = page.text
                #expect(page.header("Content-Type") == "text/html; charset=utf-8")
                let policy = try #require(page.header("Content-Security-Policy"))
                #expect(policy.hasPrefix("default-src 'none'; style-src 'sha256-"))
                #expect(policy.contains("img-src data:"))
                #expect(page.header("Cache-Control") == "no-cache")
                #expect(page.header("X-Content-Type-Options") == "nosniff")

                // The public target: name, host and port (not the URL), the verdict in words, the grid.
                #expect(html.contains(">Public Panel</a>"))
                #expect(html.contains("public-panel.example:8080"))
                #expect(html.contains("id=\"target-\(world.publicTarget.id)\" data-verdict=\"up\""))
                #expect(html.contains("<span class=\"badge v-up\">Up</span>"))
                #expect(html.contains("<svg"))
                #expect(html.contains("Last change: <time datetime=\""))
                #expect(html.contains("class=\"legend\""))
                // The private one is not there at all.
                #expect(!html.contains("Secret Panel"))
                #expect(!html.contains("secret-panel.example"))
                #expect(!html.contains("target-\(world.privateTarget.id)\""))
                // Agents: region, network, status, load.
                #expect(html.contains("id=\"agents-table\""))
                for text in ["fra-1", "nyc-1", "hetzner", "digitalocean", "Online", "3 / 64 (4 %)", "0 / 32 (0 %)"] {
                    #expect(html.contains(text), "the agents table lacks \(text)")
                }

                // A token in the query string is never read; the private target's page is "not found".
                let withQueryToken = try await fixture.http.get("\(base)/?token=\(world.readerToken)")
                #expect(withQueryToken.status == 200)
                #expect(!withQueryToken.text.contains("Secret Panel"))
                let hidden = try await fixture.http.get("\(base)/status/targets/\(world.privateTarget.id)")
                #expect(hidden.status == 404)
                #expect(!hidden.text.contains("Secret Panel"))
                #expect(hidden.header("Content-Type") == "text/html; charset=utf-8")
                #expect(try await fixture.http.get("\(base)/status/targets/999999").status == 404)
                #expect(try await fixture.http.get("\(base)/status/targets/nonsense").status == 404)
                Self.expectNoSecrets(fixture, world)
            }
        }

        @Test("a target's page: each region's latest outcome in words, stage timings, agent, network, time; the last change")
        func targetPage() async throws {
            try await Fixture.with { fixture in
                let world = try await StatusPageWorld.make(fixture)
                let page = try await fixture.http.get("\(world.coordinator.baseURL)/status/targets/\(world.publicTarget.id)")
                #expect(page.status == 200, "\(page)")
                let html = page.text
                #expect(html.contains("Public Panel"))
                #expect(html.contains("data-region=\"eu\""))
                #expect(html.contains("data-region=\"us\""))
                // SimulatedAgent's timings: dns 1, connect 2, first byte 5, total 12.5 ms.
                for text in ["Login works <code>ok</code>", "<td class=\"num\">1.0</td><td class=\"num\">2.0</td><td class=\"num\">—</td><td class=\"num\">5.0</td><td class=\"num\">12.5</td>",
                             "<td>fra-1</td><td>hetzner</td>", "<td>nyc-1</td><td>digitalocean</td>"] {
                    #expect(html.contains(text), "the target page lacks \(text)")
                }
                // Up since the half-hour in which the recent results started (three hours earlier: account problem).
                let boundary = world.recentStart / 1800 * 1800
                #expect(html.contains("Last change: <time datetime=\"\(Self.iso(boundary))\">"), "expected the change at \(Self.iso(boundary))")
                // The grid shows the account problem (overall and both regions) and the recovery.
                #expect(html.components(separatedBy: "class=\"v-account\"").count - 1 >= 3)
                #expect(html.components(separatedBy: "class=\"v-up\"").count - 1 >= 3)
                #expect(html.contains(": Account problem</title>"))
                #expect(!html.contains("/hidden/base"))
                Self.expectNoSecrets(fixture, world)
            }
        }

        @Test("a read token in the Authorization header shows private targets, never cached; a bad or agent token is refused")
        func bearer() async throws {
            try await Fixture.with { fixture in
                let world = try await StatusPageWorld.make(fixture)
                let base = world.coordinator.baseURL
                let page = try await fixture.http.get("\(base)/", token: world.readerToken)
                #expect(page.status == 200)
                #expect(page.text.contains("Secret Panel"))
                #expect(page.text.contains("secret-panel.example:2095"))
                #expect(page.text.contains("id=\"target-\(world.privateTarget.id)\" data-verdict=\"account_problem\""))
                #expect(page.text.contains("<span class=\"badge v-account\">Account problem</span>"))
                #expect(page.text.contains("<span class=\"tag\">private</span>"))
                #expect(page.header("Cache-Control") == "no-store")
                let detail = try await fixture.http.get("\(base)/status/targets/\(world.privateTarget.id)", token: world.readerToken)
                #expect(detail.status == 200)
                #expect(detail.text.contains("Username or password rejected <code>credentials_rejected</code>"))
                #expect(!detail.text.contains("/hidden/base"))
                #expect(!detail.text.contains(world.readerName), "the token's name is not shown")

                for token in [world.agentToken, "xct_0123456789abcdef_notarealsecretnotarealsecret", "garbage"] {
                    let refused = try await fixture.http.get("\(base)/", token: token)
                    #expect(refused.status == 401)
                    #expect(refused.header("WWW-Authenticate") == "Bearer")
                    #expect(!refused.text.contains("Secret Panel"))
                }
                Self.expectNoSecrets(fixture, world)
            }
        }

        @Test("sign in with the form: an HttpOnly SameSite=Strict cookie shows private targets; sign out, bad tokens, revoked tokens and cross-site posts")
        func cookie() async throws {
            try await Fixture.with { fixture in
                let world = try await StatusPageWorld.make(fixture)
                let base = world.coordinator.baseURL
                let form = try await fixture.http.get("\(base)/login")
                #expect(form.status == 200)
                #expect(form.text.contains("<form method=\"post\" action=\"/login\">"))
                #expect(form.header("Cache-Control") == "no-store")

                let wrong = try await fixture.http.post("\(base)/login", headers: [], body: Array("token=xct_0123456789abcdef_notarealsecretnotarealsecret".utf8), contentType: "application/x-www-form-urlencoded")
                #expect(wrong.status == 401)
                #expect(wrong.headerValues("Set-Cookie").isEmpty)
                #expect(wrong.text.contains("That token is not valid"))

                let crossSite = try await fixture.http.post(
                    "\(base)/login", headers: ["Origin: http://evil.example"], body: Array("token=\(world.readerToken)".utf8),
                    contentType: "application/x-www-form-urlencoded")
                #expect(crossSite.status == 403)
                #expect(crossSite.headerValues("Set-Cookie").isEmpty)

                let encoded = world.readerToken.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? world.readerToken
                let signedIn = try await fixture.http.post(
                    "\(base)/login", headers: ["Origin: \(base)"], body: Array("token=\(encoded)".utf8), contentType: "application/x-www-form-urlencoded")
                #expect(signedIn.status == 303, "\(signedIn)")
                #expect(signedIn.header("Location") == "/")
                let setCookie = try #require(signedIn.header("Set-Cookie"))
                let attributes = setCookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                #expect(attributes.contains("httponly"))
                #expect(attributes.contains("samesite=strict"))
                #expect(attributes.contains("path=/"))
                let pair = try #require(setCookie.split(separator: ";").first.map(String.init))
                #expect(pair.hasPrefix("xcheck_status="))

                let withCookie = try await fixture.http.get("\(base)/", headers: ["Cookie: \(pair)"])
                #expect(withCookie.status == 200)
                #expect(withCookie.text.contains("Secret Panel"))
                #expect(withCookie.text.contains("Sign out"))
                #expect(withCookie.header("Cache-Control") == "no-store")

                let signedOut = try await fixture.http.post("\(base)/logout", headers: ["Cookie: \(pair)"], body: [], contentType: "application/x-www-form-urlencoded")
                #expect(signedOut.status == 303)
                #expect(signedOut.header("Set-Cookie")?.lowercased().contains("max-age=0") == true)

                // A revoked token's cookie shows only public targets, and is cleared.
                #expect(try await world.coordinator.coordinator.tokens.revoke(name: world.readerName))
                let revoked = try await fixture.http.get("\(base)/", headers: ["Cookie: \(pair)"])
                #expect(revoked.status == 200)
                #expect(!revoked.text.contains("Secret Panel"))
                #expect(revoked.text.contains("Public Panel"))
                #expect(revoked.header("Set-Cookie")?.lowercased().contains("max-age=0") == true)
                Self.expectNoSecrets(fixture, world)
            }
        }

        static func iso(_ epoch: Int64) -> String {
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = TimeZone(identifier: "UTC")
            return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(epoch)))
        }
    }
}
