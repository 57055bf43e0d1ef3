#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A validated loopback listen address: the only kind of address the simulator binds.
struct LoopbackAddress: Hashable {
    /// Numeric address to bind (`localhost` becomes `127.0.0.1`).
    let bindHost: String
    let isIPv6: Bool

    /// Accepts `localhost`, any IPv4 address in `127.0.0.0/8` and `::1` (optionally in brackets).
    init(_ host: String) throws(SimulatorError) {
        var candidate = host
        if candidate.hasPrefix("["), candidate.hasSuffix("]") {
            candidate = String(candidate.dropFirst().dropLast())
        }
        if candidate.lowercased() == "localhost" {
            self.bindHost = "127.0.0.1"
            self.isIPv6 = false
            return
        }
        var v4 = in_addr()
        if inet_pton(AF_INET, candidate, &v4) == 1 {
            // s_addr is in network byte order: the first octet is the lowest-addressed byte.
            let firstOctet = withUnsafeBytes(of: &v4) { $0[0] }
            guard firstOctet == 127 else { throw .nonLoopbackHost(host) }
            self.bindHost = candidate
            self.isIPv6 = false
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, candidate, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            guard bytes.count == 16, bytes[0..<15].allSatisfy({ $0 == 0 }), bytes[15] == 1 else {
                throw .nonLoopbackHost(host)
            }
            self.bindHost = "::1"
            self.isIPv6 = true
            return
        }
        throw .nonLoopbackHost(host)
    }

    /// The host as it appears in a URL authority (`[::1]` for IPv6).
    var urlHost: String { isIPv6 ? "[\(bindHost)]" : bindHost }
}
