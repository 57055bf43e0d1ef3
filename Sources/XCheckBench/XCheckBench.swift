import ArgumentParser
import Curl
import Synchronization
import XCheckModel
import XCheckProbe
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `xcheck-bench`: runs many login checks at a fixed concurrency with the probe engine and reports
/// throughput, CPU time and outcomes. deploy/dev/bench-probe.sh runs it beside curl against the same server.
@main
struct XCheckBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xcheck-bench",
        abstract: "Benchmark the probe engine: N login checks at concurrency C against one loopback server."
    )

    @Option(help: "The server URL (a loopback address).")
    var url: String

    @Option(name: .shortAndLong, help: "Username sent with every check.")
    var username: String = "active"

    @Option(name: .shortAndLong, help: "Password sent with every check.")
    var password: String = "secret"

    @Option(help: "Number of checks.")
    var count: Int = 2000

    @Option(help: "Checks in flight at once.")
    var concurrency: Int = 200

    @Option(help: "Politeness: 'unthrottled' (no per-host limit or spacing) or 'standard' (one check per host, 1 s apart).")
    var politeness: String = "unthrottled"

    func validate() throws {
        guard (1...100_000).contains(self.count) else { throw ValidationError("--count must be 1...100000") }
        guard (1...5_000).contains(self.concurrency) else { throw ValidationError("--concurrency must be 1...5000") }
        guard ["unthrottled", "standard"].contains(self.politeness) else { throw ValidationError("--politeness is 'unthrottled' or 'standard'") }
    }

    func run() async throws {
        let input = try TargetParser.parse(url: self.url, username: self.username, password: self.password)
        guard input.target.host.hasPrefix("127.") || input.target.host == "::1" || input.target.host == "localhost" else {
            throw ValidationError("the benchmark only runs against loopback addresses")
        }
        var configuration = ProbeConfiguration()
        configuration.politeness = self.politeness == "standard" ? .standard : .unthrottled
        configuration.checkAdvertisedPorts = false
        configuration.tryOtherScheme = false
        let driver = try CurlDriver.start()
        let engine = ProbeEngine(driver: driver, configuration: configuration)

        let next = TicketCounter()
        let total = self.count
        let startCPU = Self.cpuSeconds()
        let start = ContinuousClock.now
        let outcomes = try await withThrowingTaskGroup(of: [Outcome: Int].self) { group in
            for _ in 0..<min(self.concurrency, total) {
                group.addTask {
                    var counts: [Outcome: Int] = [:]
                    while next.take() < total {
                        let result = try await engine.probe(input)
                        counts[result.outcome, default: 0] += 1
                    }
                    return counts
                }
            }
            var merged: [Outcome: Int] = [:]
            for try await counts in group { merged.merge(counts, uniquingKeysWith: +) }
            return merged
        }
        let wall = ContinuousClock.now - start
        let cpu = Self.cpuSeconds() - startCPU
        await driver.shutdown()

        let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
        let summary = outcomes.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: ",")
        print("checks=\(total) concurrency=\(self.concurrency) politeness=\(self.politeness) wall_s=\(Self.fixed(seconds)) checks_per_s=\(Self.fixed(Double(total) / seconds)) cpu_s=\(Self.fixed(cpu)) cpu_ms_per_check=\(Self.fixed(cpu * 1000 / Double(total))) outcomes=\(summary)")
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return s(usage.ru_utime) + s(usage.ru_stime)
    }

    static func fixed(_ value: Double) -> String {
        let scaled = (value * 1000).rounded() / 1000
        return "\(scaled)"
    }
}

/// Hands out check numbers to the workers.
final class TicketCounter: Sendable {
    private let value = Atomic<Int>(0)
    func take() -> Int { self.value.add(1, ordering: .relaxed).oldValue }
}
