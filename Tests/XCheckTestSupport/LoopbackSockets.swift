#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Raw loopback sockets that produce network conditions for tests: a port nothing listens on, and a
/// listener whose accept queue is full (its SYNs go unanswered: a connect timeout, without leaving loopback).
public final class LoopbackSockets: @unchecked Sendable {
    // The file descriptors are only closed in deinit/close(); nothing else mutates them.
    private var fds: [Int32] = []
    /// The port of the socket set up by the factory method.
    public private(set) var port: Int = 0

    private init() {}

    deinit { self.close() }

    /// Closes every socket.
    public func close() {
        for fd in self.fds { Glibc.close(fd) }
        self.fds.removeAll()
    }

    /// A loopback port with nothing listening on it (bound, then closed: the kernel answers SYNs with RST).
    public static func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(fd) }
        var address = Self.loopback(port: 0)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        return Self.boundPort(fd)
    }

    /// A listener with backlog 0 whose one queue slot is already taken by a connection nobody accepts: further
    /// connection attempts get no SYN-ACK and time out.
    public static func fullBacklog() -> LoopbackSockets {
        let sockets = LoopbackSockets()
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: 0)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(listener, 0)
        sockets.fds.append(listener)
        sockets.port = Self.boundPort(listener)
        // Fill the queue with one connection that is never accepted.
        let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var target = Self.loopback(port: sockets.port)
        _ = withUnsafePointer(to: &target) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        sockets.fds.append(filler)
        return sockets
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        return address
    }

    static func boundPort(_ fd: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
