import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private func systemClose(_ descriptor: Int32) {
    _ = close(descriptor)
}

private func systemSend(_ descriptor: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if os(Linux)
    send(descriptor, pointer, count, Int32(MSG_NOSIGNAL))
    #else
    send(descriptor, pointer, count, 0)
    #endif
}

/// How a raw exchange with the simulator ended badly.
enum RawHTTPError: Error, Sendable, CustomStringConvertible {
    case socket(errno: Int32)
    case connect(errno: Int32)
    case send(errno: Int32)
    case receive(errno: Int32, received: [UInt8])
    /// No byte (or not all bytes) within the time limit; `received` is what did arrive.
    case timedOut(received: [UInt8])
    /// The peer reset the connection (ECONNRESET); `received` is what arrived before.
    case reset(received: [UInt8])

    var description: String {
        switch self {
        case .socket(let code): "socket() failed: errno \(code)"
        case .connect(let code): "connect() failed: errno \(code)"
        case .send(let code): "send() failed: errno \(code)"
        case .receive(let code, let received): "recv() failed: errno \(code) after \(received.count) bytes"
        case .timedOut(let received): "timed out after \(received.count) bytes"
        case .reset(let received): "connection reset after \(received.count) bytes"
        }
    }
}

/// A blocking TCP connection to 127.0.0.1 only, every call bounded by a timeout. Test-only; used by one thread at
/// a time (the test, or an ``OffPool`` thread for blocking reads).
final class RawConnection: @unchecked Sendable {
    private var descriptor: Int32
    let timeoutMilliseconds: Int

    /// Connects to `127.0.0.1:port` (the only address this client can reach).
    init(port: Int, timeoutMilliseconds: Int = 5_000) throws {
        self.timeoutMilliseconds = timeoutMilliseconds
        #if canImport(Glibc)
        let streamType = Int32(SOCK_STREAM.rawValue)
        #else
        let streamType = SOCK_STREAM
        #endif
        descriptor = socket(AF_INET, streamType, 0)
        guard descriptor >= 0 else { throw RawHTTPError.socket(errno: errno) }
        var timeout = timeval(
            tv_sec: timeoutMilliseconds / 1_000,
            tv_usec: .init((timeoutMilliseconds % 1_000) * 1_000)
        )
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            systemClose(descriptor)
            descriptor = -1
            throw RawHTTPError.connect(errno: code)
        }
    }

    deinit {
        if descriptor >= 0 { systemClose(descriptor) }
    }

    func close() {
        if descriptor >= 0 {
            systemClose(descriptor)
            descriptor = -1
        }
    }

    func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        var attempts = 0
        while offset < bytes.count {
            attempts += 1
            guard attempts < 1_000 else { throw RawHTTPError.send(errno: EAGAIN) }
            let sent = bytes[offset...].withUnsafeBytes {
                systemSend(descriptor, $0.baseAddress, $0.count)
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw RawHTTPError.send(errno: errno)
            }
            offset += sent
        }
    }

    /// ``receiveAll(maxBytes:)`` on a thread of its own, keeping the cooperative pool free.
    func receiveAllOffPool() async throws -> [UInt8] {
        try await OffPool.run { try self.receiveAll() }
    }

    /// Reads until the peer closes, at most `maxBytes`, and for at most the timeout (per read and in total).
    func receiveAll(maxBytes: Int = 8 * 1_048_576) throws -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = ContinuousClock.now + .milliseconds(timeoutMilliseconds)
        while received.count < maxBytes {
            if ContinuousClock.now >= deadline { throw RawHTTPError.timedOut(received: received) }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received.append(contentsOf: buffer[0..<count])
            } else if count == 0 {
                return received
            } else {
                switch errno {
                case EINTR: continue
                case EAGAIN, EWOULDBLOCK: throw RawHTTPError.timedOut(received: received)
                case ECONNRESET: throw RawHTTPError.reset(received: received)
                case let code: throw RawHTTPError.receive(errno: code, received: received)
                }
            }
        }
        return received
    }
}
