/// Classifies addresses for the SSRF guard. Pure: no I/O, the same answer for every textual form of an
/// address. IPv6 forms that carry an IPv4 address (IPv4-mapped `::ffff:0:0/96`, NAT64 `64:ff9b::/96`, 6to4
/// `2002::/16`) are judged by the IPv4 address inside.
public enum AddressClassifier {
    /// The class of a numeric address given as text; ``AddressClass/invalid`` when it is not one.
    public static func classify(_ text: String) -> AddressClass {
        guard let address = IPAddress(text) else { return .invalid }
        return self.classify(address)
    }

    /// The class of an address.
    public static func classify(_ address: IPAddress) -> AddressClass {
        switch address {
        case .v4(let value):
            return self.classifyIPv4(value)
        case .v6(let high, let low):
            return self.classifyIPv6(high: high, low: low)
        }
    }

    static func classifyIPv4(_ a: UInt32) -> AddressClass {
        func within(_ network: UInt32, _ prefix: UInt32) -> Bool {
            let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << (32 - prefix)
            return a & mask == network & mask
        }
        if a == 0xFFFF_FFFF { return .broadcast }
        if within(0x0000_0000, 8) { return .unspecified }
        if within(0x7F00_0000, 8) { return .loopback }
        if within(0x0A00_0000, 8) || within(0xAC10_0000, 12) || within(0xC0A8_0000, 16) { return .privateNetwork }
        if within(0xA9FE_0000, 16) { return .linkLocal }
        if within(0x6440_0000, 10) { return .sharedAddressSpace }
        if within(0xE000_0000, 4) { return .multicast }
        if within(0xF000_0000, 4) { return .reserved }
        return .global
    }

    static func classifyIPv6(high: UInt64, low: UInt64) -> AddressClass {
        let top16 = high >> 48
        if high == 0 {
            if low == 0 { return .unspecified }
            if low == 1 { return .loopback }
            if low >> 32 == 0xFFFF { return self.classifyIPv4(UInt32(truncatingIfNeeded: low)) }  // ::ffff:a.b.c.d
            if low >> 32 == 0 { return .reserved }  // ::a.b.c.d (IPv4-compatible, deprecated)
        }
        if high == 0x0064_FF9B_0000_0000, low >> 32 == 0 {  // 64:ff9b::/96, NAT64
            return self.classifyIPv4(UInt32(truncatingIfNeeded: low))
        }
        if top16 == 0x2002 {  // 2002:AABB:CCDD::/48, 6to4
            return self.classifyIPv4(UInt32(truncatingIfNeeded: high >> 16))
        }
        if high == 0x0100_0000_0000_0000 { return .reserved }  // 100::/64, discard-only
        if top16 & 0xFE00 == 0xFC00 { return .privateNetwork }  // fc00::/7
        if top16 & 0xFFC0 == 0xFE80 { return .linkLocal }  // fe80::/10
        if top16 & 0xFFC0 == 0xFEC0 { return .privateNetwork }  // fec0::/10
        if top16 & 0xFF00 == 0xFF00 { return .multicast }  // ff00::/8
        return .global
    }
}
