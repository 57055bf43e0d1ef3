import PanelSimulator
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

@Suite("CLI runner")
struct RunnerTests {
    @Test("a child that runs too long is killed and the run fails")
    func boundedWait() async throws {
        // A panel that never answers, and an xcheck willing to wait a minute for it.
        try await Panels.with(SimulatorConfiguration(mode: .neverRespond)) { panel in
            let error = await #expect(throws: CLIRunnerError.self) {
                try await CLIRunner.probe([panel.baseURL, "--timeout", "60", "--no-port-checks"], timeout: 1)
            }
            let pid = try #require(error?.killedPID)
            #expect(kill(pid, 0) == -1 && errno == ESRCH, "pid \(pid) is still there")
        }
    }
}
