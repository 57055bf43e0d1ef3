import Synchronization

/// The agent's SSRF guard: decides, for every address libcurl is about to connect to (redirects and port
/// checks included, through ``XCheckProbe/ProbeConfiguration/addressPolicy``), whether a check may use it.
///
/// By default it refuses loopback, private, link-local, CGNAT, multicast, unspecified, broadcast and reserved
/// addresses (``AddressClassifier``), their IPv4-mapped IPv6 forms, and the agent's own interface addresses.
/// Judging the address actually connected to (not a name looked up earlier) means a DNS answer that changes
/// between lookups cannot slip past it. A refused check ends with the outcome `target_forbidden`.
public final class TargetAddressGuard: Sendable {
    /// Why an address is refused, or that it is allowed.
    public enum Verdict: Sendable, Hashable, CustomStringConvertible {
        case allowed
        /// The address is of a forbidden class.
        case forbidden(AddressClass)
        /// The address belongs to one of this machine's interfaces.
        case ownAddress

        /// True for ``allowed``.
        public var isAllowed: Bool { self == .allowed }

        public var description: String {
            switch self {
            case .allowed: return "allowed"
            case .forbidden(let kind): return "forbidden (\(kind))"
            case .ownAddress: return "forbidden (an address of this machine)"
            }
        }
    }

    /// False when the guard is lifted (`--allow-private-targets`): every address is allowed.
    public let enabled: Bool
    private let ownAddresses: Mutex<Set<IPAddress>>
    private let refusals = Atomic<Int>(0)

    /// - Parameters:
    ///   - enabled: false lifts the guard.
    ///   - ownAddresses: this machine's addresses (``InterfaceAddresses/current()`` by default).
    public init(enabled: Bool = true, ownAddresses: Set<IPAddress> = InterfaceAddresses.current()) {
        self.enabled = enabled
        self.ownAddresses = Mutex(Set(ownAddresses.map(\.canonical)))
    }

    /// Reads the interface addresses again (interfaces and DHCP leases change while the agent runs).
    public func refreshOwnAddresses(_ addresses: Set<IPAddress> = InterfaceAddresses.current()) {
        let canonical = Set(addresses.map(\.canonical))
        self.ownAddresses.withLock { $0 = canonical }
    }

    /// The verdict on one numeric address. Pure apart from the own-address set.
    public func verdict(_ text: String) -> Verdict {
        guard self.enabled else { return .allowed }
        guard let address = IPAddress(text) else { return .forbidden(.invalid) }
        let kind = AddressClassifier.classify(address)
        if kind.isForbidden { return .forbidden(kind) }
        if self.ownAddresses.withLock({ $0.contains(address.canonical) }) { return .ownAddress }
        return .allowed
    }

    /// The policy for ``XCheckProbe/ProbeConfiguration/addressPolicy``; nil when the guard is lifted.
    public var addressPolicy: (@Sendable (String) -> Bool)? {
        guard self.enabled else { return nil }
        return { [self] address in
            let allowed = self.verdict(address).isAllowed
            if !allowed { self.refusals.add(1, ordering: .relaxed) }
            return allowed
        }
    }

    /// Connections refused since start.
    public var refusedCount: Int { self.refusals.load(ordering: .relaxed) }
}
