import PanelSimulator
import Testing

@Suite("TLS listener")
struct TLSListenerTests {
    private func tlsConfiguration() -> SimulatorConfiguration {
        var configuration = SimulatorHarness.configuration()
        configuration.tls = .init(
            certificateChainPath: SimulatorHarness.fixture("server.pem"),
            privateKeyPath: SimulatorHarness.fixture("server-key.pem")
        )
        return configuration
    }

    @Test func startsWithFixtureCertificate() async throws {
        try await SimulatorHarness.with(tlsConfiguration()) { simulator in
            #expect(simulator.baseURL == "https://127.0.0.1:\(simulator.port)")
        }
    }

    @Test func plainHTTPGetsNginx400() async throws {
        try await SimulatorHarness.with(tlsConfiguration()) { simulator in
            let response = try await HTTPTestClient.fetch(
                port: simulator.port,
                target: HTTPTestClient.loginTarget(username: "active", password: "secret")
            )
            #expect(response.statusLine == "HTTP/1.1 400 Bad Request")
            #expect(response.header("Server") == "nginx")
            #expect(response.header("Connection") == "close")
            #expect(response.text.contains("<title>400 The plain HTTP request was sent to HTTPS port</title>"))
            #expect(response.text.contains("<center>The plain HTTP request was sent to HTTPS port</center>"))
        }
    }

    @Test func tlsHandshakeByteStartsTLS() async throws {
        // A TLS record header that is not followed by a valid ClientHello: the server must treat the connection as
        // TLS (answer with a TLS alert or close), never with the plain-HTTP 400 page.
        try await SimulatorHarness.with(tlsConfiguration()) { simulator in
            let connection = try RawConnection(port: simulator.port)
            defer { connection.close() }
            try connection.send([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00])
            let reply: [UInt8]
            do {
                reply = try await connection.receiveAllOffPool()
            } catch RawHTTPError.reset(let received) {
                reply = received
            }
            #expect(!String(decoding: reply, as: UTF8.self).contains("HTTP/1.1"))
            if let first = reply.first {
                #expect(first == 0x15)  // TLS alert record
            }
        }
    }

    @Test func missingCertificateFileIsReported() async throws {
        var configuration = SimulatorHarness.configuration()
        configuration.tls = .init(certificateChainPath: "/nonexistent/cert.pem", privateKeyPath: "/nonexistent/key.pem")
        await #expect {
            _ = try await PanelSimulator.start(configuration)
        } throws: { error in
            if case .tlsSetup = error as? SimulatorError { return true }
            return false
        }
    }
}
