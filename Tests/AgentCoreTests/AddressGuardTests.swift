import AgentCore
import Testing

/// The SSRF guard's classification, as a table.
@Suite("SSRF guard")
struct AddressGuardTests {
    static let table: [(String, AddressClass)] = [
        // IPv4
        ("8.8.8.8", .global),
        ("203.0.113.7", .global),
        ("1.1.1.1", .global),
        ("100.63.255.255", .global),
        ("100.128.0.0", .global),
        ("172.15.255.255", .global),
        ("172.32.0.0", .global),
        ("169.253.255.255", .global),
        ("127.0.0.1", .loopback),
        ("127.255.255.254", .loopback),
        ("10.0.0.1", .privateNetwork),
        ("10.255.255.255", .privateNetwork),
        ("172.16.0.1", .privateNetwork),
        ("172.31.255.255", .privateNetwork),
        ("192.168.1.1", .privateNetwork),
        ("169.254.169.254", .linkLocal),
        ("169.254.0.1", .linkLocal),
        ("100.64.0.1", .sharedAddressSpace),
        ("100.127.255.255", .sharedAddressSpace),
        ("224.0.0.1", .multicast),
        ("239.255.255.250", .multicast),
        ("0.0.0.0", .unspecified),
        ("0.1.2.3", .unspecified),
        ("255.255.255.255", .broadcast),
        ("240.0.0.1", .reserved),
        // IPv6
        ("2001:4860:4860::8888", .global),
        ("2606:4700::1111", .global),
        ("[2001:db8::1]", .global),
        ("::1", .loopback),
        ("[::1]", .loopback),
        ("0:0:0:0:0:0:0:1", .loopback),
        ("::", .unspecified),
        ("fc00::1", .privateNetwork),
        ("fd12:3456:789a::1", .privateNetwork),
        ("fd00:ec2::254", .privateNetwork),
        ("fec0::1", .privateNetwork),
        ("fe80::1", .linkLocal),
        ("fe80::1%eth0", .linkLocal),
        ("febf::1", .linkLocal),
        ("ff02::1", .multicast),
        ("ff05::2", .multicast),
        ("100::1", .reserved),
        ("::7f00:1", .reserved),
        // IPv4-mapped, NAT64 and 6to4 forms judged by the IPv4 address inside
        ("::ffff:127.0.0.1", .loopback),
        ("::ffff:7f00:1", .loopback),
        ("::ffff:10.1.2.3", .privateNetwork),
        ("::ffff:169.254.169.254", .linkLocal),
        ("::ffff:100.64.0.1", .sharedAddressSpace),
        ("::ffff:0.0.0.0", .unspecified),
        ("::ffff:224.0.0.1", .multicast),
        ("::ffff:8.8.8.8", .global),
        ("64:ff9b::7f00:1", .loopback),
        ("64:ff9b::808:808", .global),
        ("2002:c0a8:0101::1", .privateNetwork),
        ("2002:0808:0808::1", .global),
        // Not numeric
        ("localhost", .invalid),
        ("", .invalid),
        ("999.1.1.1", .invalid),
        ("1.2.3", .invalid),
        ("::g", .invalid),
    ]

    @Test("address classes", arguments: Self.table)
    func classify(_ address: String, _ expected: AddressClass) {
        #expect(AddressClassifier.classify(address) == expected)
        let verdict = TargetAddressGuard(ownAddresses: []).verdict(address)
        #expect(verdict.isAllowed == (expected == .global))
    }

    @Test("the agent's own addresses are refused, in every spelling")
    func ownAddresses() {
        let own: Set<IPAddress> = [IPAddress("203.0.113.7")!, IPAddress("2001:db8::7")!]
        let addressGuard = TargetAddressGuard(ownAddresses: own)
        #expect(addressGuard.verdict("203.0.113.7") == .ownAddress)
        #expect(addressGuard.verdict("::ffff:203.0.113.7") == .ownAddress)
        #expect(addressGuard.verdict("2001:db8:0:0::7") == .ownAddress)
        #expect(addressGuard.verdict("203.0.113.8") == .allowed)
        let policy = addressGuard.addressPolicy!
        #expect(policy("203.0.113.7") == false)
        #expect(policy("8.8.8.8") == true)
        #expect(addressGuard.refusedCount == 1)
        addressGuard.refreshOwnAddresses([])
        #expect(addressGuard.verdict("203.0.113.7") == .allowed)
    }

    @Test("this machine's interface addresses are found (loopback at least)")
    func interfaceAddresses() {
        let addresses = InterfaceAddresses.current()
        #expect(addresses.contains(IPAddress("127.0.0.1")!))
    }

    @Test("the guard lifted allows everything and installs no policy")
    func lifted() {
        let addressGuard = TargetAddressGuard(enabled: false)
        #expect(addressGuard.addressPolicy == nil)
        #expect(addressGuard.verdict("127.0.0.1") == .allowed)
        #expect(addressGuard.verdict("169.254.169.254") == .allowed)
    }

    @Test("textual forms of one address compare equal")
    func canonical() {
        #expect(IPAddress("::ffff:1.2.3.4")?.canonical == IPAddress("1.2.3.4"))
        #expect(IPAddress("2001:DB8::1") == IPAddress("2001:db8:0::1"))
        #expect(IPAddress("10.0.0.1")?.description == "10.0.0.1")
        #expect(IPAddress("2001:db8::1")?.description == "2001:db8::1")
    }
}
