import Curl
import PanelSimulator
import Testing
import XCheckTestSupport

/// The libcurl driver against real loopback sockets: the simulator, a closed port, a full accept queue.
@Suite("CurlDriver")
struct CurlDriverTests {
    @Test("a GET returns status, headers, body, address and stage timings")
    func simpleGet() async throws {
        let panel = try await PanelSimulator.start(SimulatorConfiguration())
        let driver = try CurlDriver.start()
        let report = try await driver.perform(TransferRequest(url: "\(panel.baseURL)/player_api.php?username=active&password=secret"))
        await driver.shutdown()
        try await panel.shutdown()

        #expect(report.code == .ok)
        #expect(report.httpStatus == 200)
        #expect(report.header("server") == "nginx")
        #expect(String(decoding: report.body, as: UTF8.self).contains("\"auth\":1"))
        #expect(report.connectedAddress == "127.0.0.1")
        #expect(report.connectedPort == panel.port)
        #expect(report.timings.connect > 0)
        #expect(report.timings.startTransfer >= report.timings.connect)
        #expect(report.timings.total >= report.timings.startTransfer)
        #expect(report.timings.appConnect == 0)
    }

    @Test("many transfers run at once on the one driver thread, each on a fresh connection")
    func concurrentTransfers() async throws {
        let panel = try await PanelSimulator.start(SimulatorConfiguration(mode: .slow(milliseconds: 200)))
        let driver = try CurlDriver.start()
        let count = 40
        let reports = try await withThrowingTaskGroup(of: TransferReport.self) { group in
            for _ in 0..<count {
                group.addTask { try await driver.perform(TransferRequest(url: "\(panel.baseURL)/player_api.php?username=active&password=secret")) }
            }
            var all: [TransferReport] = []
            for try await report in group { all.append(report) }
            return all
        }
        let stats = panel.stats
        await driver.shutdown()
        try await panel.shutdown()
        #expect(reports.count == count)
        #expect(reports.allSatisfy { $0.code == .ok && $0.httpStatus == 200 })
        // Each answer takes 200 ms; they overlapped instead of queueing one after another.
        #expect(stats.maxConcurrentRequests > 10)
        // A fresh connection per transfer: every one measured its own TCP connect.
        #expect(reports.allSatisfy { $0.timings.connect > 0 })
    }

    @Test("a closed port is refused with ECONNREFUSED")
    func refused() async throws {
        let driver = try CurlDriver.start()
        let port = LoopbackSockets.closedPort()
        let report = try await driver.perform(TransferRequest(url: "http://127.0.0.1:\(port)/"))
        await driver.shutdown()
        #expect(report.code == .couldntConnect)
        #expect(report.osErrno == 111)  // ECONNREFUSED
        #expect(report.httpStatus == nil)
    }

    @Test("the connect stage has its own limit (a listener whose accept queue is full never answers the SYN)")
    func connectTimeout() async throws {
        let listener = LoopbackSockets.fullBacklog()
        defer { listener.close() }
        let driver = try CurlDriver.start()
        let report = try await driver.perform(TransferRequest(url: "http://127.0.0.1:\(listener.port)/", connectTimeout: .milliseconds(400), totalTimeout: .seconds(30)))
        await driver.shutdown()
        #expect(report.abort == .connectTimeout)
        #expect(report.timings.connect == 0)
    }

    @Test("the body is capped: a huge answer stops at the cap")
    func bodyCap() async throws {
        let panel = try await PanelSimulator.start(SimulatorConfiguration(mode: .hugeBody(bytes: 8 << 20)))
        let driver = try CurlDriver.start()
        let report = try await driver.perform(TransferRequest(url: "\(panel.baseURL)/player_api.php", maxBodyBytes: 1 << 20))
        await driver.shutdown()
        try await panel.shutdown()
        #expect(report.abort == .bodyCapExceeded)
        #expect(report.bodyTruncated)
        #expect(report.body.count == 1 << 20)
        #expect(report.httpStatus == 200)
    }

    @Test("a server that drips bytes hits the whole-request limit")
    func drip() async throws {
        let panel = try await PanelSimulator.start(SimulatorConfiguration(mode: .drip(bytesPerTick: 1, tickMilliseconds: 100)))
        let driver = try CurlDriver.start()
        let report = try await driver.perform(TransferRequest(url: "\(panel.baseURL)/player_api.php", totalTimeout: .milliseconds(800)))
        await driver.shutdown()
        try await panel.shutdown()
        #expect(report.code == .operationTimedOut)
        #expect(report.timings.connect > 0)
    }

    @Test("cancelling the task removes its transfer and throws CancellationError; the driver keeps working")
    func cancellation() async throws {
        let panel = try await PanelSimulator.start(SimulatorConfiguration(mode: .neverRespond))
        let driver = try CurlDriver.start()
        let task = Task { try await driver.perform(TransferRequest(url: "\(panel.baseURL)/player_api.php", totalTimeout: .seconds(60))) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        #expect(driver.inFlight == 0)

        // Already cancelled before submitting: never reaches libcurl.
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await driver.perform(TransferRequest(url: "\(panel.baseURL)/"))
        }
        await #expect(throws: CancellationError.self) { _ = try await early.value }

        let healthy = try await PanelSimulator.start(SimulatorConfiguration())
        let report = try await driver.perform(TransferRequest(url: "\(healthy.baseURL)/player_api.php"))
        #expect(report.httpStatus == 200)
        await driver.shutdown()
        try await panel.shutdown()
        try await healthy.shutdown()
    }

    @Test("shutdown cancels transfers still running")
    func shutdownCancelsInFlight() async throws {
        let panel = try await PanelSimulator.start(SimulatorConfiguration(mode: .neverRespond))
        let driver = try CurlDriver.start()
        let task = Task { try await driver.perform(TransferRequest(url: "\(panel.baseURL)/", totalTimeout: .seconds(60))) }
        try await Task.sleep(for: .milliseconds(200))
        await driver.shutdown()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        await #expect(throws: CancellationError.self) { _ = try await driver.perform(TransferRequest(url: "\(panel.baseURL)/")) }
        await driver.shutdown()  // idempotent
        try await panel.shutdown()
    }

    @Test("POST sends the body")
    func post() async throws {
        let panel = try await PanelSimulator.start(SimulatorConfiguration())
        let driver = try CurlDriver.start()
        let body = Array("username=active&password=secret".utf8)
        let report = try await driver.perform(TransferRequest(url: "\(panel.baseURL)/player_api.php", kind: .post(body: body, contentType: "application/x-www-form-urlencoded")))
        await driver.shutdown()
        try await panel.shutdown()
        #expect(report.httpStatus == 200)
        #expect(String(decoding: report.body, as: UTF8.self).contains("\"auth\":1"))
    }

    @Test("the address policy refuses an address before any packet is sent to it")
    func addressPolicy() async throws {
        let panel = try await PanelSimulator.start(SimulatorConfiguration())
        let driver = try CurlDriver.start()
        let report = try await driver.perform(TransferRequest(url: "\(panel.baseURL)/player_api.php", addressPolicy: { $0 != "127.0.0.1" }))
        let allowed = try await driver.perform(TransferRequest(url: "\(panel.baseURL)/player_api.php", addressPolicy: { _ in true }))
        let stats = panel.stats
        await driver.shutdown()
        try await panel.shutdown()
        #expect(report.abort == .addressRefused)
        #expect(report.httpStatus == nil)
        #expect(allowed.httpStatus == 200)
        #expect(stats.totalRequests == 1)
    }

    @Test("TLS: the handshake succeeds with the test CA and fails verification without it")
    func tls() async throws {
        let dir = TestEnvironment.tlsFixtures
        let panel = try await PanelSimulator.start(SimulatorConfiguration(tls: .init(certificateChainPath: "\(dir)/server.pem", privateKeyPath: "\(dir)/server-key.pem")))
        let driver = try CurlDriver.start()
        let trusted = try await driver.perform(TransferRequest(url: "\(panel.baseURL)/player_api.php", caFile: "\(dir)/ca.pem"))
        let untrusted = try await driver.perform(TransferRequest(url: "\(panel.baseURL)/player_api.php"))
        let connectOnly = try await driver.perform(TransferRequest(url: "\(panel.baseURL)/", kind: .connectOnly, caFile: "\(dir)/ca.pem"))
        await driver.shutdown()
        try await panel.shutdown()
        #expect(trusted.httpStatus == 200)
        #expect(trusted.timings.appConnect > trusted.timings.connect)
        #expect(untrusted.code == .peerFailedVerification)
        #expect(connectOnly.code == .ok)
        #expect(connectOnly.timings.appConnect > 0)
        #expect(connectOnly.httpStatus == nil)
    }

    @Test("pre-resolved addresses are used instead of a lookup")
    func preResolved() async throws {
        let panel = try await PanelSimulator.start(SimulatorConfiguration())
        let driver = try CurlDriver.start()
        let report = try await driver.perform(TransferRequest(
            url: "http://panel.example.invalid:\(panel.port)/player_api.php",
            resolvedAddresses: ["127.0.0.1"],
            resolveHost: ("panel.example.invalid", panel.port)
        ))
        await driver.shutdown()
        try await panel.shutdown()
        #expect(report.httpStatus == 200)
        #expect(report.connectedAddress == "127.0.0.1")
    }
}
