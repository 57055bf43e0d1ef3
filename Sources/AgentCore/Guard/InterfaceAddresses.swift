#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The addresses of this machine's network interfaces (`getifaddrs`).
public enum InterfaceAddresses {
    /// Every IPv4 and IPv6 address configured on an interface now; empty when `getifaddrs` fails.
    public static func current() -> Set<IPAddress> {
        var list: UnsafeMutablePointer<ifaddrs>? = nil
        guard getifaddrs(&list) == 0 else { return [] }
        defer { freeifaddrs(list) }
        var addresses: Set<IPAddress> = []
        var node = list
        while let current = node {
            if let address = current.pointee.ifa_addr {
                switch Int32(address.pointee.sa_family) {
                case AF_INET:
                    let value = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                        UInt32(bigEndian: $0.pointee.sin_addr.s_addr)
                    }
                    addresses.insert(.v4(value))
                case AF_INET6:
                    let bytes = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        var copy = pointer.pointee.sin6_addr
                        return withUnsafeBytes(of: &copy) { Array($0) }
                    }
                    addresses.insert(IPAddress(v6Bytes: bytes).canonical)
                default:
                    break
                }
            }
            node = current.pointee.ifa_next
        }
        return addresses
    }
}
