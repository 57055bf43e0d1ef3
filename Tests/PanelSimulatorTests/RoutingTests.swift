import PanelSimulator
import Testing

@Suite("Routes")
struct RoutingTests {
    @Test func playlistForValidLineAnd404Otherwise() async throws {
        try await SimulatorHarness.with(SimulatorHarness.configuration()) { simulator in
            let valid = try await HTTPTestClient.fetch(
                port: simulator.port,
                target: "/get.php?username=active&password=secret&type=m3u_plus&output=ts"
            )
            #expect(valid.statusCode == 200)
            #expect(valid.text.hasPrefix("#EXTM3U\n"))
            #expect(valid.text.contains("http://127.0.0.1:\(simulator.port)/live/active/secret/1.ts"))

            let invalid = try await HTTPTestClient.fetch(port: simulator.port, target: "/get.php?username=active&password=no")
            #expect(invalid.statusCode == 404)
            #expect(invalid.body.isEmpty)
        }
    }

    @Test func streamPathsAnswerWithTransportStreamBytes() async throws {
        try await SimulatorHarness.with(SimulatorHarness.configuration()) { simulator in
            for target in ["/live/active/secret/1.ts", "/active/secret/7", "/movie/active/secret/3.mkv"] {
                let response = try await HTTPTestClient.fetch(port: simulator.port, target: target)
                #expect(response.statusCode == 200, "\(target)")
                #expect(response.header("Content-Type") == "video/mp2t")
                #expect(response.body.count == 376)
                #expect(response.body.first == 0x47)
            }
            let refused = try await HTTPTestClient.fetch(port: simulator.port, target: "/live/expired/secret/1.ts")
            #expect(refused.statusCode == 401)
            #expect(refused.body.isEmpty)
        }
    }

    @Test func xuiRefusesStreamsWith404() async throws {
        try await SimulatorHarness.with(SimulatorHarness.configuration(family: .xui)) { simulator in
            let refused = try await HTTPTestClient.fetch(port: simulator.port, target: "/live/active/wrong/1.ts")
            #expect(refused.statusCode == 404)
        }
    }

    @Test func unknownPathGetsPlainNginx404() async throws {
        try await SimulatorHarness.with(SimulatorHarness.configuration()) { simulator in
            let response = try await HTTPTestClient.fetch(port: simulator.port, target: "/index.html?x=1")
            #expect(response.statusLine == "HTTP/1.1 404 Not Found")
            #expect(response.text == "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
                + "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
        }
    }

    @Test func headHasNoBodyAndOtherMethodsAre405() async throws {
        try await SimulatorHarness.with(SimulatorHarness.configuration()) { simulator in
            let head = try await HTTPTestClient.fetch(
                port: simulator.port,
                method: "HEAD",
                target: HTTPTestClient.loginTarget(username: "active", password: "secret")
            )
            #expect(head.statusCode == 200)
            #expect(Int(head.header("Content-Length") ?? "") ?? 0 > 100)
            #expect(head.body.isEmpty)

            let delete = try await HTTPTestClient.fetch(port: simulator.port, method: "DELETE", target: "/player_api.php")
            #expect(delete.statusLine == "HTTP/1.1 405 Not Allowed")
        }
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        try await SimulatorHarness.with(SimulatorHarness.configuration()) { simulator in
            let connection = try RawConnection(port: simulator.port)
            defer { connection.close() }
            let target = HTTPTestClient.loginTarget(username: "active", password: "secret")
            try connection.send(
                HTTPTestClient.requestText(target: target, port: simulator.port, version: "HTTP/1.1")
                    + HTTPTestClient.requestText(
                        target: target,
                        port: simulator.port,
                        headers: ["Connection: close"],
                        version: "HTTP/1.1"
                    )
            )
            let text = String(decoding: try await connection.receiveAllOffPool(), as: UTF8.self)
            #expect(SimulatorHarness.occurrences(of: "HTTP/1.1 200 OK", in: text) == 2)
            #expect(text.contains("Connection: keep-alive"))
            #expect(text.contains("Connection: close"))
            #expect(simulator.stats.loginRequests == 2)
        }
    }
}
