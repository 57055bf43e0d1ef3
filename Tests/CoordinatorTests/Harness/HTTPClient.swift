import Curl
import Foundation
import XCheckProtocol
import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One HTTP answer.
struct HTTPResult: Sendable, CustomStringConvertible {
    var method: String
    var path: String
    var status: Int
    var body: [UInt8]
    /// The final answer's header fields (requests through libcurl only).
    var headers: [(name: String, value: String)] = []

    var text: String { String(decoding: self.body, as: UTF8.self) }

    func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(self.body))
        } catch {
            throw HTTPClient.Failure(description: "\(self.method) \(self.path): cannot decode \(T.self) from \(self.status) \(self.text.prefix(500)): \(error)")
        }
    }

    /// The `error.code` of an error body.
    var errorCode: String? { (try? JSONDecoder().decode(APIError.self, from: Data(self.body)))?.error.code }
    /// The `error.message` of an error body.
    var errorMessage: String? { (try? JSONDecoder().decode(APIError.self, from: Data(self.body)))?.error.message }

    var description: String { "\(self.method) \(self.path) → \(self.status) \(self.text.prefix(300))" }

    /// Every value of a header field (case-insensitive name).
    func headerValues(_ name: String) -> [String] {
        self.headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// The first value of a header field.
    func header(_ name: String) -> String? { self.headerValues(name).first }
}

/// HTTP over real loopback sockets: GET and POST through the project's libcurl driver, DELETE (which the driver
/// does not offer) over a raw socket. Every answer is recorded, so a test can scan all of them for secrets.
final class HTTPClient: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let driver: CurlDriver
    private let recorded = Shared<[HTTPResult]>([])

    init() throws {
        self.driver = try CurlDriver.start()
    }

    func shutdown() async {
        await self.driver.shutdown()
    }

    /// Every answer received so far.
    var responses: [HTTPResult] { self.recorded.get() }

    func get(_ url: String, token: String? = nil) async throws -> HTTPResult {
        try await self.get(url, headers: Self.headers(token))
    }

    func get(_ url: String, headers: [String]) async throws -> HTTPResult {
        try await self.perform(TransferRequest(
            url: url, kind: .get, headers: headers, totalTimeout: .seconds(90), maxRedirects: 0, maxBodyBytes: 64 << 20))
    }

    func post(_ url: String, token: String? = nil, body: [UInt8], contentType: String = "application/json") async throws -> HTTPResult {
        try await self.post(url, headers: Self.headers(token), body: body, contentType: contentType)
    }

    func post(_ url: String, headers: [String], body: [UInt8], contentType: String = "application/json") async throws -> HTTPResult {
        try await self.perform(TransferRequest(
            url: url, kind: .post(body: body, contentType: contentType), headers: headers,
            totalTimeout: .seconds(90), maxRedirects: 0, maxBodyBytes: 64 << 20))
    }

    func post<Body: Encodable>(_ url: String, token: String? = nil, json: Body) async throws -> HTTPResult {
        try await self.post(url, token: token, body: Array(try JSONEncoder().encode(json)))
    }

    /// POST with a JSON object given as a dictionary (for requests whose types are internal to the coordinator).
    func post(_ url: String, token: String? = nil, object: [String: any Sendable]) async throws -> HTTPResult {
        try await self.post(url, token: token, body: Array(try JSONSerialization.data(withJSONObject: object)))
    }

    static func headers(_ token: String?) -> [String] {
        token.map { ["Authorization: Bearer \($0)"] } ?? []
    }

    private func perform(_ request: TransferRequest) async throws -> HTTPResult {
        let report = try await self.driver.perform(request)
        let method = if case .post = request.kind { "POST" } else { "GET" }
        let path = Self.path(of: request.url)
        guard let status = report.httpStatus else {
            throw Failure(description: "\(method) \(path): no HTTP answer (\(report.code) \(report.errorMessage))")
        }
        let result = HTTPResult(method: method, path: path, status: status, body: report.body, headers: report.headers)
        self.recorded.update { $0.append(result) }
        return result
    }

    /// DELETE over a raw loopback socket (HTTP/1.1, `Connection: close`), read to the end. Blocking work runs
    /// off the cooperative pool.
    func delete(_ url: String, token: String? = nil) async throws -> HTTPResult {
        guard url.hasPrefix("http://127.0.0.1:") else { throw Failure(description: "delete: only http://127.0.0.1 URLs") }
        let rest = url.dropFirst("http://127.0.0.1:".count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let port = Int(rest[..<slash]) else { throw Failure(description: "delete: no port in \(url)") }
        let path = String(rest[slash...])
        var head = "DELETE \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nContent-Length: 0\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        head += "\r\n"
        let request = Array(head.utf8)
        let raw = try await OffPool.run { try Self.exchange(port: port, request: request) }
        let result = try Self.parse(raw, method: "DELETE", path: path)
        self.recorded.update { $0.append(result) }
        return result
    }

    private static func exchange(port: Int, request: [UInt8]) throws -> [UInt8] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to 127.0.0.1:\(port) failed: errno \(errno)") }
        var sent = 0
        while sent < request.count {
            let n = request.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            sent += n
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if n == 0 { break }
            guard n > 0 else { throw Failure(description: "recv failed: errno \(errno)") }
            answer.append(contentsOf: buffer[0..<n])
        }
        return answer
    }

    /// Status and body of a raw HTTP/1.1 answer (Content-Length, chunked, or read to the end).
    static func parse(_ raw: [UInt8], method: String, path: String) throws -> HTTPResult {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let split = (0...(max(0, raw.count - 4))).first(where: { Array(raw[$0..<min(raw.count, $0 + 4)]) == separator }) else {
            throw Failure(description: "\(method) \(path): malformed HTTP answer")
        }
        let head = String(decoding: raw[0..<split], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw Failure(description: "\(method) \(path): malformed status line \(lines[0])")
        }
        var body = Array(raw[(split + 4)...])
        let chunked = lines.contains { $0.lowercased().hasPrefix("transfer-encoding:") && $0.lowercased().contains("chunked") }
        if chunked {
            var decoded: [UInt8] = []
            var index = 0
            while index < body.count {
                guard let lineEnd = (index..<(body.count - 1)).first(where: { body[$0] == 13 && body[$0 + 1] == 10 }),
                    let size = Int(String(decoding: body[index..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16)
                else { break }
                if size == 0 { break }
                let start = lineEnd + 2
                decoded.append(contentsOf: body[start..<min(body.count, start + size)])
                index = start + size + 2
            }
            body = decoded
        }
        return HTTPResult(method: method, path: path, status: status, body: body)
    }

    static func path(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        return String(rest[(rest.firstIndex(of: "/") ?? rest.endIndex)...])
    }
}
