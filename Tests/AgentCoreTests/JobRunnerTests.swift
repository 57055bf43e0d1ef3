@testable import AgentCore
import Curl
import PanelSimulator
import Testing
import XCheckModel
import XCheckProbe
import XCheckProtocol
import XCheckTestSupport

/// Jobs run on a real probe engine against the panel simulator and real loopback sockets.
@Suite("Job runner")
struct JobRunnerTests {
    /// Runs `body` with a runner whose engine has the guard on (default) or lifted.
    static func withRunner<T>(
        allowPrivate: Bool,
        ownAddresses: Set<IPAddress> = [],
        now: (@Sendable () -> Int64)? = nil,
        _ body: (JobRunner) async throws -> T
    ) async throws -> T {
        let driver = try CurlDriver.start()
        var configuration = ProbeConfiguration()
        configuration.connectTimeout = .seconds(2)
        configuration.requestTimeout = .seconds(5)
        configuration.politeness = PolitenessPolicy(oneRequestPerHost: true, minimumInterval: .zero)
        configuration.addressPolicy = TargetAddressGuard(enabled: !allowPrivate, ownAddresses: ownAddresses).addressPolicy
        let runner = JobRunner(engine: ProbeEngine(driver: driver, configuration: configuration), now: now)
        do {
            let value = try await body(runner)
            await driver.shutdown()
            return value
        } catch {
            await driver.shutdown()
            throw error
        }
    }

    static func withPanel<T>(
        _ configuration: SimulatorConfiguration = SimulatorConfiguration(), _ body: (PanelSimulator) async throws -> T
    ) async throws -> T {
        let panel = try await PanelSimulator.start(configuration)
        do {
            let value = try await body(panel)
            try await panel.shutdown()
            return value
        } catch {
            try? await panel.shutdown()
            throw error
        }
    }

    static func output(_ run: JobRun) -> JobOutput? {
        if case .finished(let output) = run { return output }
        return nil
    }

    @Test("by default a panel on 127.0.0.1 is refused with target_forbidden, and never contacted")
    func loopbackRefused() async throws {
        let (run, stats) = try await Self.withPanel { panel in
            let run = try await Self.withRunner(allowPrivate: false) { runner in
                try await runner.run(Fixtures.job("j1", url: panel.baseURL, confirmAfterMilliseconds: 50))
            }
            return (run, panel.stats)
        }
        let output = try #require(Self.output(run))
        #expect(output.first.outcome == .targetForbidden)
        #expect(output.confirmation == nil, "a refused target is not a network failure: no confirmation")
        #expect(stats.totalRequests == 0)
    }

    @Test("a name that resolves to 127.0.0.1 (localhost) is refused")
    func localhostRefused() async throws {
        let (run, stats) = try await Self.withPanel { panel in
            let run = try await Self.withRunner(allowPrivate: false) { runner in
                try await runner.run(Fixtures.job("j1", url: "http://localhost:\(panel.port)"))
            }
            return (run, panel.stats)
        }
        let output = try #require(Self.output(run))
        #expect(output.first.outcome == .targetForbidden, "\(output.first.detail)")
        #expect(output.first.resolvedAddresses.contains("127.0.0.1"))
        #expect(stats.totalRequests == 0)
    }

    @Test("--allow-private-targets lifts the guard: the login runs, port checks included")
    func allowedWithFlag() async throws {
        let (run, stats) = try await Self.withPanel { panel in
            let run = try await Self.withRunner(allowPrivate: true) { runner in
                try await runner.run(Fixtures.job("j1", url: panel.baseURL, confirmAfterMilliseconds: 50))
            }
            return (run, panel.stats)
        }
        let output = try #require(Self.output(run))
        #expect(output.first.outcome == .ok, "\(output.first.detail)")
        #expect(output.confirmation == nil, "no confirmation after a login answer")
        #expect(!output.first.ports.isEmpty, "advertised ports are checked")
        #expect(stats.loginRequests == 1)
        #expect(stats.streamRequests == 0)
    }

    @Test("a login answer never gets a confirmation attempt, whatever the outcome")
    func noConfirmationAfterAnswer() async throws {
        let (run, stats) = try await Self.withPanel { panel in
            let run = try await Self.withRunner(allowPrivate: true) { runner in
                try await runner.run(Fixtures.job("j1", url: panel.baseURL, password: "wrong", confirmAfterMilliseconds: 10))
            }
            return (run, panel.stats)
        }
        let output = try #require(Self.output(run))
        #expect(output.first.outcome == .credentialsRejected)
        #expect(output.confirmation == nil)
        #expect(stats.loginRequests == 1)
    }

    @Test("after a network-level failure (a closed port) the job waits and checks once more")
    func confirmationAfterNetworkFailure() async throws {
        let port = LoopbackSockets.closedPort()
        let started = ContinuousClock.now
        let run = try await Self.withRunner(allowPrivate: true) { runner in
            try await runner.run(Fixtures.job("j1", url: "http://127.0.0.1:\(port)", confirmAfterMilliseconds: 300))
        }
        let elapsed = ContinuousClock.now - started
        let output = try #require(Self.output(run))
        #expect(output.first.outcome == .connectionRefused)
        #expect(output.first.stage == .connect)
        let confirmation = try #require(output.confirmation)
        #expect(confirmation.outcome == .connectionRefused)
        #expect(elapsed >= .milliseconds(300), "it waited confirm_after_ms before the second attempt")
    }

    @Test("without confirm_after_ms a network failure is reported once")
    func noConfirmationWhenNotAsked() async throws {
        let port = LoopbackSockets.closedPort()
        let run = try await Self.withRunner(allowPrivate: true) { runner in
            try await runner.run(Fixtures.job("j1", url: "http://127.0.0.1:\(port)", confirmAfterMilliseconds: nil))
        }
        let output = try #require(Self.output(run))
        #expect(output.first.outcome == .connectionRefused)
        #expect(output.confirmation == nil)
    }

    @Test("a job past its deadline is skipped without contacting the target")
    func deadlineSkip() async throws {
        let (run, stats) = try await Self.withPanel { panel in
            let run = try await Self.withRunner(allowPrivate: true, now: { 2_000_000_000 }) { runner in
                try await runner.run(Fixtures.job("late", url: panel.baseURL, deadline: 1_999_999_990))
            }
            return (run, panel.stats)
        }
        guard case .skippedPastDeadline(let deadline, let now) = run else {
            Issue.record("not skipped: \(run)")
            return
        }
        #expect(deadline == 1_999_999_990 && now == 2_000_000_000)
        #expect(stats.totalRequests == 0)
    }

    @Test("the deadline is judged on the clock the runner is given (the coordinator's)")
    func deadlineOnCoordinatorClock() async throws {
        let (run, _) = try await Self.withPanel { panel in
            let run = try await Self.withRunner(allowPrivate: true, now: { 1_000 }) { runner in
                try await runner.run(Fixtures.job("j", url: panel.baseURL, deadline: 1_001))
            }
            return (run, panel.stats)
        }
        #expect(Self.output(run)?.first.outcome == .ok)
    }

    @Test("a reachability job sends no credentials, even when the URL carries some")
    func reachability() async throws {
        let (run, stats) = try await Self.withPanel { panel in
            let run = try await Self.withRunner(allowPrivate: true) { runner in
                try await runner.run(Fixtures.job(
                    "r", url: "\(panel.baseURL)/player_api.php?username=active&password=secret", username: nil,
                    password: nil, kind: .reachability
                ))
            }
            return (run, panel.stats)
        }
        let output = try #require(Self.output(run))
        #expect(output.first.kind == .reachability)
        #expect(output.first.target.username == nil)
        #expect(stats.loginRequests == 1)
    }

    @Test("a job whose target cannot be parsed is reported invalid, without the password")
    func invalid() async throws {
        let run = try await Self.withRunner(allowPrivate: true) { runner in
            try await runner.run(Fixtures.job("bad", url: "ftp://panel.example", password: "hunter2hunter2"))
        }
        guard case .invalid(let reason) = run else {
            Issue.record("not invalid: \(run)")
            return
        }
        #expect(reason.contains("ftp"))
        #expect(!reason.contains("hunter2"))
        let missing = try await Self.withRunner(allowPrivate: true) { runner in
            try await runner.run(Fixtures.job("bad", url: "http://panel.example", username: nil, password: nil))
        }
        guard case .invalid = missing else {
            Issue.record("a login job without credentials was run")
            return
        }
    }

    @Test("which results deserve a confirmation")
    func needsConfirmation() {
        func result(_ outcome: Outcome, _ stage: Stage?, status: Int? = nil) -> ProbeResult {
            ProbeResult(
                target: TargetSummary(url: "http://p", scheme: .http, host: "p", port: 80, username: nil),
                kind: .login, outcome: outcome, stage: stage, detail: "", httpStatus: status
            )
        }
        #expect(JobRunner.needsConfirmation(result(.dnsFailure, .dns)))
        #expect(JobRunner.needsConfirmation(result(.dnsNXDOMAIN, .dns)))
        #expect(JobRunner.needsConfirmation(result(.connectionTimeout, .connect)))
        #expect(JobRunner.needsConfirmation(result(.tlsFailure, .tls)))
        #expect(JobRunner.needsConfirmation(result(.responseTimeout, .http)))
        #expect(JobRunner.needsConfirmation(result(.connectionReset, .http)))
        #expect(!JobRunner.needsConfirmation(result(.httpError, .http, status: 502)))
        #expect(!JobRunner.needsConfirmation(result(.rateLimited, .http)))
        #expect(!JobRunner.needsConfirmation(result(.targetForbidden, .connect)))
        #expect(!JobRunner.needsConfirmation(result(.credentialsRejected, .login)))
        #expect(!JobRunner.needsConfirmation(result(.ok, nil)))
    }
}
