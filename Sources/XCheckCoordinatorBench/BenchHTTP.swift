import Curl
import FoundationEssentials

/// A failed benchmark step (never carries a token).
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// HTTP to the coordinator through the project's libcurl driver (a fresh connection per request, like agents).
struct BenchHTTP: Sendable {
    let driver: CurlDriver
    let base: String

    /// One answer and how long it took from submitting the request to the last byte.
    struct Answer: Sendable {
        var status: Int
        var body: [UInt8]
        var seconds: Double
    }

    init(driver: CurlDriver, base: String) {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        self.driver = driver
        self.base = base
    }

    static func isLoopback(_ url: String) -> Bool {
        url.hasPrefix("http://127.") || url.hasPrefix("http://[::1]") || url.hasPrefix("http://localhost")
    }

    func get(_ path: String, token: String, timeout: Duration = .seconds(30)) async throws -> Answer {
        try await self.send(path, token: token, kind: .get, timeout: timeout)
    }

    func post(_ path: String, token: String, body: [UInt8], timeout: Duration = .seconds(30)) async throws -> Answer {
        try await self.send(path, token: token, kind: .post(body: body, contentType: "application/json"), timeout: timeout)
    }

    private func send(_ path: String, token: String, kind: TransferRequest.Kind, timeout: Duration) async throws -> Answer {
        let request = TransferRequest(
            url: self.base + path, kind: kind,
            headers: ["Authorization: Bearer \(token)", "Accept: application/json"],
            userAgent: "xcheck-coordinator-bench", connectTimeout: .seconds(5), tlsTimeout: .seconds(5),
            totalTimeout: timeout, maxRedirects: 0, maxBodyBytes: 16 << 20)
        let start = ContinuousClock.now
        let report = try await self.driver.perform(request)
        let seconds = Self.seconds(ContinuousClock.now - start)
        guard report.code == .ok, let status = report.httpStatus else {
            throw BenchError("\(path): transfer failed: \(report.errorMessage.isEmpty ? report.code.description : report.errorMessage)")
        }
        return Answer(status: status, body: report.body, seconds: seconds)
    }

    /// Fails unless the answer is 200 (shows at most 300 bytes of the body, which never holds a token).
    static func expectOK(_ answer: Answer, _ what: String) throws {
        guard answer.status == 200 || answer.status == 201 else {
            throw BenchError("\(what): HTTP \(answer.status): \(String(decoding: answer.body.prefix(300), as: UTF8.self))")
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }
}
