import PanelSimulator
import Testing
import XCheckModel
import XCheckProbe
import XCheckTestSupport

/// Outcomes that need a private network: name resolution against the test resolver and an address with no
/// route. These run only inside the namespace that deploy/dev/test.sh creates (loopback only, no route out,
/// a private dnsmasq), so no query or packet can leave the machine.
@Suite("Probe outcomes in the isolated network", .enabled(if: TestEnvironment.isIsolated, "needs deploy/dev/test.sh's private network namespace"))
struct ProbeIsolatedNetworkTests {
    @Test("dns_nxdomain: a name under .invalid")
    func nxdomain() async throws {
        let result = try await ProbeHarness.probe("http://panel.invalid:8080", username: "a", password: "b")
        #expect(result.outcome == .dnsNXDOMAIN)
        #expect(result.stage == .dns)
    }

    @Test("dns_failure: the resolver cannot answer (its upstream refuses)")
    func resolverFailure() async throws {
        let result = try await ProbeHarness.probe("http://panel.failing.test:8080", username: "a", password: "b")
        #expect(result.outcome == .dnsFailure)
        #expect(result.stage == .dns)
    }

    @Test("dns_failure: the DNS stage has its own limit (an upstream that never answers)")
    func dnsTimeout() async throws {
        let config = ProbeHarness.configuration { $0.dnsTimeout = .milliseconds(700) }
        let result = try await ProbeHarness.probe("http://panel.slow.test:8080", username: "a", password: "b", configuration: config)
        #expect(result.outcome == .dnsFailure)
        #expect(result.detail.contains("in time"))
    }

    @Test("a name resolved by the test resolver reaches the panel, and the answer is recorded")
    func resolvedName() async throws {
        let result = try await ProbeHarness.withPanel { panel in
            try await ProbeHarness.probe("http://panel.test:\(panel.port)", username: "active", password: "secret")
        }
        #expect(result.outcome == .ok)
        #expect(result.resolvedAddresses == ["127.0.0.1"])
        #expect(result.timings.dns != nil)
        #expect(result.target.host == "panel.test")
    }

    @Test("network_unreachable: an address with no route (this namespace has none)")
    func unreachable() async throws {
        let result = try await ProbeHarness.probe("http://192.0.2.1:8080", username: "a", password: "b")
        #expect(result.outcome == .networkUnreachable)
        #expect(result.stage == .connect)
    }
}
