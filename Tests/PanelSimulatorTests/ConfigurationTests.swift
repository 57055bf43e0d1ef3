import PanelSimulator
import Testing

@Suite("Configuration and clock")
struct ConfigurationTests {
    @Test func modeArgumentsRoundTrip() throws {
        let modes: [SimulatorConfiguration.Mode] = [
            .normal, .slow(milliseconds: 250), .drip(bytesPerTick: 3, tickMilliseconds: 100), .hugeBody(bytes: 1_000),
            .html, .redirectLoop, .serverError(status: 502), .cloudflareChallenge, .cloudflareOriginError(status: 521),
            .rateLimited, .ipBlocked, .resetAfterRequest, .closeWithoutResponse, .neverRespond,
        ]
        for mode in modes {
            #expect(try SimulatorConfiguration.Mode(argument: mode.argument) == mode)
        }
    }

    @Test(arguments: [
        "", "slow", "slow:x", "slow:-1", "drip:0:10", "drip:5", "huge:-3", "error:200", "cf-origin:500", "html:1", "bogus",
    ])
    func badModeArgumentsAreRejected(argument: String) {
        #expect(throws: SimulatorError.self) { try SimulatorConfiguration.Mode(argument: argument) }
    }

    @Test func defaultAccounts() {
        let accounts = SimulatorConfiguration.Account.defaults
        #expect(accounts.map(\.username) == [
            "active", "expired", "banned", "disabled", "trial", "maxed", "unlimited", "special",
        ])
        #expect(accounts.filter { $0.username != "special" }.allSatisfy { $0.password == "secret" })
        #expect(accounts.last?.password == "p&ss#w+rd %/é")
        #expect(accounts.first { $0.username == "unlimited" }?.expiry(now: 100) == nil)
    }

    /// `time_now` is the panel clock in Europe/London, switching at 01:00 UTC on the last Sundays of March/October.
    @Test(arguments: [
        (Int64(1_729_335_877), "2024-10-19 12:04:37"),
        (1_761_674_900, "2025-10-28 18:08:20"),
        (1_711_846_799, "2024-03-31 00:59:59"),
        (1_711_846_800, "2024-03-31 02:00:00"),
        (1_729_990_799, "2024-10-27 01:59:59"),
        (1_729_990_800, "2024-10-27 01:00:00"),
        (1_709_164_800, "2024-02-29 00:00:00"),
    ])
    func timeNowFollowsBritishSummerTime(epoch: Int64, expected: String) async throws {
        let configuration = SimulatorConfiguration(now: { epoch })
        try await SimulatorHarness.with(configuration) { simulator in
            let response = try await HTTPTestClient.fetch(
                port: simulator.port,
                target: HTTPTestClient.loginTarget(username: "active", password: "secret")
            )
            #expect(response.text.contains(#""timestamp_now":\#(epoch),"time_now":"\#(expected)""#))
        }
    }

    @Test func dateHeaderIsIMFFixdate() async throws {
        try await SimulatorHarness.with(SimulatorHarness.configuration()) { simulator in
            let response = try await HTTPTestClient.fetch(port: simulator.port, target: "/")
            let date = try #require(response.header("Date"))
            // e.g. "Sun, 06 Nov 1994 08:49:37 GMT"
            let parts = date.split(separator: " ")
            #expect(parts.count == 6)
            #expect(parts.first?.count == 4 && parts.first?.hasSuffix(",") == true)
            #expect(parts[1].count == 2 && parts[2].count == 3 && parts[3].count == 4 && parts[4].count == 8)
            #expect(parts.last == "GMT")
        }
    }

    @Test func queryDecodingFollowsPHP() async throws {
        var configuration = SimulatorHarness.configuration()
        configuration.accounts = [.init(username: "a b", password: "&#+%")]
        try await SimulatorHarness.with(configuration) { simulator in
            // '+' is a space, duplicate keys: the last wins, invalid escapes are kept.
            let response = try await HTTPTestClient.fetch(
                port: simulator.port,
                target: "/player_api.php?username=x&password=%26%23%2B%25&username=a+b&junk=%zz"
            )
            let (user, _) = try SimulatorHarness.loginSections(response.body)
            #expect(user["username"] as? String == "a b")
            #expect(user["password"] as? String == "&#+%")
        }
    }

    @Test func xuiEscapesUnicodeButNotSlashes() async throws {
        try await SimulatorHarness.with(SimulatorHarness.configuration(family: .xui)) { simulator in
            let response = try await HTTPTestClient.fetch(
                port: simulator.port,
                target: HTTPTestClient.loginTarget(username: "special", password: SimulatorConfiguration.Account.specialPassword)
            )
            #expect(response.text.contains(#""password":"p&ss#w+rd %/\u00e9""#))
        }
    }

    @Test func statusPrecedenceIsBannedThenDisabledThenExpiry() async throws {
        let now = SimulatorHarness.fixedNow
        var configuration = SimulatorHarness.configuration()
        configuration.accounts = [
            .init(username: "b", status: .banned, expiresAt: now - 10),
            .init(username: "d", status: .disabled, expiresAt: now - 10),
            .init(username: "e", expiresAt: now),
            .init(username: "a", expiresIn: 1),
        ]
        try await SimulatorHarness.with(configuration) { simulator in
            for (username, status) in [("b", "Banned"), ("d", "Disabled"), ("e", "Expired"), ("a", "Active")] {
                let response = try await HTTPTestClient.fetch(
                    port: simulator.port,
                    target: HTTPTestClient.loginTarget(username: username, password: "secret")
                )
                #expect(response.text.contains(#""status":"\#(status)""#), "\(username)")
            }
        }
    }

    @Test func streamPathShapesAreCounted() async throws {
        try await SimulatorHarness.with(SimulatorHarness.configuration()) { simulator in
            for target in ["/active/secret/12", "/live/oddshape", "/series/active/secret/9.mp4", "/a/b/c", "/"] {
                _ = try await HTTPTestClient.exchange(port: simulator.port, target: target)
            }
            #expect(simulator.stats.streamRequests == 3)
            #expect(simulator.stats.totalRequests == 5)
        }
    }
}
