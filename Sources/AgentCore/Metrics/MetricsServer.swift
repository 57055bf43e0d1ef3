#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
public import Logging
import Synchronization

/// The optional `/metrics` listener: plain sockets on a thread of its own, one short request at a time,
/// answering `GET /metrics` with the Prometheus text format. No HTTP framework, nothing on the cooperative
/// pool. It binds where it is told; the agent's default is 127.0.0.1 only.
public final class MetricsServer: Sendable {
    /// The bound address (with the real port when 0 was asked for).
    public let address: ListenAddress
    private let listener: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let thread = Mutex<PosixThread?>(nil)
    private let render: @Sendable () -> String
    private let logger: Logger

    private init(
        address: ListenAddress, listener: Int32, wake: (Int32, Int32), render: @escaping @Sendable () -> String,
        logger: Logger
    ) {
        self.address = address
        self.listener = listener
        self.wakeRead = wake.0
        self.wakeWrite = wake.1
        self.render = render
        self.logger = logger
    }

    /// Binds the listener and starts serving.
    /// - Parameters:
    ///   - address: where to listen (port 0 picks a free port; see ``address``).
    ///   - render: produces the response body (called on the listener's thread).
    ///   - logger: for failures while serving.
    /// - Throws: ``SystemError`` when the socket cannot be bound.
    public static func start(
        address: ListenAddress, logger: Logger, render: @escaping @Sendable () -> String
    ) throws(SystemError) -> MetricsServer {
        guard let ip = IPAddress(address.host) else { throw SystemError(call: "inet_pton", code: EINVAL, subject: address.host) }
        let family: Int32
        if case .v4 = ip { family = AF_INET } else { family = AF_INET6 }
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError.last("socket", address.description) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound: Int32
        switch ip {
        case .v4(let value):
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = in_port_t(UInt16(address.port).bigEndian)
            sin.sin_addr.s_addr = in_addr_t(value.bigEndian)
            bound = withUnsafePointer(to: &sin) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .v6:
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = in_port_t(UInt16(address.port).bigEndian)
            _ = inet_pton(AF_INET6, address.host, &sin6.sin6_addr)
            bound = withUnsafePointer(to: &sin6) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
        guard bound == 0 else {
            let error = SystemError.last("bind", address.description)
            close(fd)
            throw error
        }
        guard listen(fd, 16) == 0 else {
            let error = SystemError.last("listen", address.description)
            close(fd)
            throw error
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let port: Int = withUnsafePointer(to: &storage) { pointer in
            if family == AF_INET {
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
        }
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else {
            let error = SystemError.last("pipe")
            close(fd)
            throw error
        }
        for descriptor in pipeFDs { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        let server = MetricsServer(
            address: ListenAddress(host: address.host, port: port), listener: fd, wake: (pipeFDs[0], pipeFDs[1]),
            render: render, logger: logger
        )
        do {
            let thread = try PosixThread.start(name: "xcheck-metrics") { server.serve() }
            server.thread.withLock { $0 = thread }
        } catch {
            server.closeDescriptors()
            throw error
        }
        return server
    }

    /// Stops serving and closes the listener. Safe to call more than once.
    public func stop() async {
        let thread = self.thread.withLock { thread -> PosixThread? in
            defer { thread = nil }
            return thread
        }
        guard let thread else { return }
        var byte: UInt8 = 1
        _ = write(self.wakeWrite, &byte, 1)
        await thread.joinOffPool()
        self.closeDescriptors()
    }

    private func closeDescriptors() {
        close(self.listener)
        close(self.wakeRead)
        close(self.wakeWrite)
    }

    // MARK: - The listener thread

    private func serve() {
        var fds = [
            pollfd(fd: self.listener, events: Int16(POLLIN), revents: 0),
            pollfd(fd: self.wakeRead, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            fds[0].revents = 0
            fds[1].revents = 0
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                self.logger.error("metrics listener: poll failed", metadata: ["error": "\(SystemError.last("poll"))"])
                return
            }
            if fds[1].revents != 0 { return }
            if fds[0].revents & Int16(POLLIN) != 0 {
                let client = accept(self.listener, nil, nil)
                if client >= 0 {
                    _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                    self.answer(client)
                    close(client)
                }
            }
        }
    }

    /// Reads one request (at most 8 KiB, 2 s) and writes the answer.
    private func answer(_ client: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 2048)
        while request.count < 8192 {
            let n = recv(client, &buffer, buffer.count, 0)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            request += buffer[0..<n]
            if Self.endsHeader(request) { break }
        }
        let line = request.prefix { $0 != 13 && $0 != 10 }
        let parts = String(decoding: line, as: UTF8.self).split(separator: " ")
        let response: [UInt8]
        if parts.count >= 2, parts[0] == "GET" || parts[0] == "HEAD" {
            let path = parts[1].prefix { $0 != "?" }
            if path == "/metrics" {
                response = Self.response(status: "200 OK", type: "text/plain; version=0.0.4; charset=utf-8", body: self.render(), head: parts[0] == "HEAD")
            } else {
                response = Self.response(status: "404 Not Found", type: "text/plain; charset=utf-8", body: "not found: see /metrics\n", head: parts[0] == "HEAD")
            }
        } else if parts.count >= 2 {
            response = Self.response(status: "405 Method Not Allowed", type: "text/plain; charset=utf-8", body: "only GET\n", head: false)
        } else {
            response = Self.response(status: "400 Bad Request", type: "text/plain; charset=utf-8", body: "bad request\n", head: false)
        }
        var sent = 0
        while sent < response.count {
            let n = response.withUnsafeBytes { raw in
                send(client, raw.baseAddress! + sent, response.count - sent, Int32(MSG_NOSIGNAL))
            }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            sent += n
        }
        shutdown(client, Int32(SHUT_WR))
    }

    /// True once the bytes hold the blank line that ends a request's header.
    static func endsHeader(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return true
        }
        return false
    }

    static func response(status: String, type: String, body: String, head: Bool) -> [UInt8] {
        let bodyBytes = Array(body.utf8)
        let header = "HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(bodyBytes.count)\r\nConnection: close\r\n\r\n"
        return Array(header.utf8) + (head ? [] : bodyBytes)
    }
}
