import PanelSimulator
import Testing

@Suite("Stats and lifecycle")
struct StatsAndLifecycleTests {
    @Test func countsLoginsStreamsAndRecordsPathsWithoutQuery() async throws {
        try await SimulatorHarness.with(SimulatorHarness.configuration()) { simulator in
            _ = try await HTTPTestClient.exchange(port: simulator.port, target: "/player_api.php?username=active&password=secret")
            _ = try await HTTPTestClient.exchange(port: simulator.port, target: "/live/active/secret/42.ts?token=abc")
            _ = try await HTTPTestClient.exchange(port: simulator.port, target: "/timeshift/active/secret/60/2024-10-19:12-00/42.ts")
            _ = try await HTTPTestClient.exchange(port: simulator.port, target: "/favicon.ico")
            let stats = simulator.stats
            #expect(stats.totalRequests == 4)
            #expect(stats.loginRequests == 1)
            #expect(stats.streamRequests == 2)
            #expect(stats.paths == [
                "/player_api.php", "/live/active/secret/42.ts", "/timeshift/active/secret/60/2024-10-19:12-00/42.ts",
                "/favicon.ico",
            ])
            #expect(stats.paths.allSatisfy { !$0.contains("?") })
            #expect(stats.maxConcurrentRequests >= 1)
        }
    }

    @Test func maxConcurrentRequestsCountsRequestsInFlight() async throws {
        try await SimulatorHarness.with(SimulatorHarness.configuration(mode: .neverRespond)) { simulator in
            let connections = try (0..<3).map { _ in try RawConnection(port: simulator.port) }
            defer { connections.forEach { $0.close() } }
            for connection in connections {
                try connection.send(HTTPTestClient.requestText(target: "/player_api.php", port: simulator.port))
            }
            var attempts = 0
            while simulator.stats.totalRequests < 3, attempts < 500 {
                attempts += 1
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(simulator.stats.maxConcurrentRequests == 3)
        }
    }

    @Test func shutdownIsIdempotentAndClosesTheListener() async throws {
        let simulator = try await PanelSimulator.start(SimulatorHarness.configuration())
        let port = simulator.port
        _ = try await HTTPTestClient.exchange(port: port, target: "/player_api.php")
        try await simulator.shutdown()
        try await simulator.shutdown()
        async let third: Void = simulator.shutdown()
        async let fourth: Void = simulator.shutdown()
        _ = try await (third, fourth)
        #expect(throws: RawHTTPError.self) {
            _ = try RawConnection(port: port)
        }
    }

    @Test func shutdownClosesHangingConnections() async throws {
        let simulator = try await PanelSimulator.start(SimulatorHarness.configuration(mode: .neverRespond))
        // The read waits far longer than a shutdown needs: ending by EOF (not `timedOut`) is what shows the close.
        let connection = try RawConnection(port: simulator.port, timeoutMilliseconds: 60_000)
        defer { connection.close() }
        try connection.send(HTTPTestClient.requestText(target: "/player_api.php", port: simulator.port))
        var attempts = 0
        while simulator.stats.totalRequests < 1, attempts < 500 {
            attempts += 1
            try await Task.sleep(for: .milliseconds(10))
        }
        try await simulator.shutdown()
        let bytes = try await connection.receiveAllOffPool()  // throws `timedOut` if the connection stayed open
        #expect(bytes.isEmpty)
    }

    @Test(arguments: ["0.0.0.0", "192.168.1.10", "10.0.0.1", "8.8.8.8", "::", "2001:db8::1", "example.com", "", "127.0.0.1.nip.io"])
    func nonLoopbackHostIsRejected(host: String) async throws {
        var configuration = SimulatorHarness.configuration()
        configuration.host = host
        await #expect(throws: SimulatorError.nonLoopbackHost(host)) {
            _ = try await PanelSimulator.start(configuration)
        }
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.2", "127.255.255.254", "localhost", "::1", "[::1]"])
    func loopbackHostsAreAccepted(host: String) throws {
        var configuration = SimulatorHarness.configuration()
        configuration.host = host
        try configuration.validate()
    }

    @Test func invalidPortAndModeAreRejected() async throws {
        var configuration = SimulatorHarness.configuration()
        configuration.port = 70_000
        #expect(throws: SimulatorError.invalidPort(70_000)) { try configuration.validate() }
        configuration.port = 0
        configuration.mode = .serverError(status: 200)
        await #expect(throws: SimulatorError.self) { _ = try await PanelSimulator.start(configuration) }
    }

    @Test func ipv6LoopbackListenerWhenAvailable() async throws {
        var configuration = SimulatorHarness.configuration()
        configuration.host = "::1"
        let simulator: PanelSimulator
        do {
            simulator = try await PanelSimulator.start(configuration)
        } catch SimulatorError.bindFailed {
            return  // no IPv6 loopback on this machine
        }
        #expect(simulator.baseURL == "http://[::1]:\(simulator.port)")
        try await simulator.shutdown()
    }
}
