/// What kind of address a target connected to, as the SSRF guard sees it.
public enum AddressClass: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A global unicast address: allowed.
    case global
    /// `127.0.0.0/8`, `::1`.
    case loopback
    /// `10/8`, `172.16/12`, `192.168/16`, `fc00::/7` (unique local), `fec0::/10` (old site-local).
    case privateNetwork = "private"
    /// `169.254/16` (cloud metadata services live here), `fe80::/10`.
    case linkLocal = "link_local"
    /// `100.64/10`, the carrier-grade NAT shared address space.
    case sharedAddressSpace = "cgnat"
    /// `224/4`, `ff00::/8`.
    case multicast
    /// `0.0.0.0/8` ("this network"; 0.0.0.0 reaches the local host), `::`.
    case unspecified
    /// `255.255.255.255`.
    case broadcast
    /// `240/4` and IPv6 ranges that are not routable (IPv4-compatible `::/96`, discard-only `100::/64`).
    case reserved
    /// Not a numeric address.
    case invalid

    /// True for every class but ``global``.
    public var isForbidden: Bool { self != .global }

    public var description: String { self.rawValue }
}
