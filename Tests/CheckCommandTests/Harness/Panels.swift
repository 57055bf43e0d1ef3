import Foundation
import PanelSimulator
import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The distinctive credentials of the suite: a line the panels know, whose password must never appear in any
/// output, log or database row.
enum Secret {
    static let username = "carol"
    static let password = "Kestrel-7Qz-pw-93xV"
    /// A wrong password, as distinctive (for `credentials_rejected`).
    static let wrongPassword = "Osprey-4Lm-wrong-28dT"

    static var accounts: [SimulatorConfiguration.Account] {
        SimulatorConfiguration.Account.defaults + [
            SimulatorConfiguration.Account(username: Self.username, password: Self.password, expiresIn: 30 * 86_400, maxConnections: 0)
        ]
    }
}

/// Simulated panels on 127.0.0.1, always shut down.
enum Panels {
    static func with<T>(
        family: SimulatorConfiguration.Family = .xtreamCodes, mode: SimulatorConfiguration.Mode = .normal,
        _ body: (PanelSimulator) async throws -> T
    ) async throws -> T {
        let panel = try await PanelSimulator.start(SimulatorConfiguration(family: family, mode: mode, accounts: Secret.accounts))
        do {
            let value = try await body(panel)
            try await panel.shutdown()
            return value
        } catch {
            try? await panel.shutdown()
            throw error
        }
    }

    /// `http://127.0.0.1:<a port nothing listens on>`.
    static func closedURL() -> String {
        "http://127.0.0.1:\(LoopbackSockets.closedPort())"
    }
}

/// A stand-in coordinator on 127.0.0.1 that records the raw HTTP requests it gets and answers each with 401
/// (so the CLI gives up on it at once). Used to see exactly what the CLI sends over the wire.
final class RecordingServer: @unchecked Sendable {
    // `listener` is closed once, by `close()`, after the last `serveOne`.
    private let listener: Int32
    let port: Int

    var url: String { "http://127.0.0.1:\(self.port)" }

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ChildProcess.Failure(description: "socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            Glibc.close(fd)
            throw ChildProcess.Failure(description: "bind/listen failed")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.listener = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { Glibc.close(self.listener) }

    /// Accepts one connection (waiting at most `timeout` seconds), reads one request (head and body), answers
    /// 401 with the coordinator's error JSON, closes, and returns the request as text.
    func serveOne(timeout: Double = 60) async throws -> String {
        let listener = self.listener
        return try await OffPool.run {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(timeout * 1000)) == 1 else {
                throw ChildProcess.Failure(description: "no connection to the recording server within \(timeout) s")
            }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { throw ChildProcess.Failure(description: "accept failed") }
            defer { Glibc.close(connection) }
            var limit = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let text = String(decoding: received, as: UTF8.self)
                if let end = text.range(of: "\r\n\r\n") {
                    let head = text[..<end.lowerBound].lowercased()
                    let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                    if text.utf8.count - text[..<end.upperBound].utf8.count >= length { break }
                }
                let n = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress!, $0.count, 0) }
                if n <= 0 { break }
                received += buffer[0..<n]
            }
            let body = #"{"error":{"code":"unauthorized","message":"recording server"}}"#
            let response = "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            var bytes = Array(response.utf8)
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeMutableBytes { send(connection, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { break }
                offset += n
            }
            return String(decoding: received, as: UTF8.self)
        }
    }
}
