@testable import AgentCore
import Foundation
import PanelSimulator
import Testing
import XCheckModel
import XCheckProtocol
import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// xcheck-agent against the real coordinator executable and a real PostgreSQL: every result an agent finishes
/// reaches the coordinator exactly once through crashes, outages, torn records, a full spool and shutdowns;
/// the SSRF guard holds end to end; revocation stops an agent.
///
/// Each test has a database of its own and its own coordinator process (so it can be SIGKILLed and restarted
/// on the same database and port). Agents run as the `xcheck-agent` binary where the test kills or signals
/// them, and in-process where it reads their metrics and log. Jobs come from ad-hoc checks (`POST /v1/checks`)
/// against simulated panels on loopback addresses `127.0.<group>.<n>` (one per host: the politeness gate runs
/// one check at a time per host).
@Suite(
    "Agent end to end (real coordinator and PostgreSQL)", .serialized,
    .enabled(if: E2E.isConfigured, "XCHECK_TEST_DATABASE_URL is not set: the agent's end-to-end tests are skipped")
)
struct AgentEndToEndTests {
    // MARK: - 1. kill -9 mid-batch

    @Test("kill -9 while results are being sent, restart on the same spool: every finished result stored exactly once")
    func killedMidBatchAndRestarted() async throws {
        try await World.run("kill9") { world in
            let token = try await world.enrol("kill-1")
            let panels = try await world.panels(12, group: 11, mode: .slow(milliseconds: 400))
            let spool = world.spoolDirectory("spool")
            let concurrency = 8
            let arguments = ["--allow-private-targets", "--max-concurrency", "\(concurrency)"]
            let first = try world.startAgentBinary(token: token, spool: spool, arguments: arguments, label: "agent-run1")
            try await world.waitOnline("kill-1")
            try await world.createChecks(panels, usernames: Panels.usernames[...])
            let total = panels.count * Panels.usernames.count
            #expect(try await world.database.jobStates().count == total)

            // Let results flow, then hold the coordinator's result inserts: the agent's next batch hangs there,
            // unacknowledged, while more checks finish into the spool. Kill the agent in the middle of that batch.
            try await eventually("a quarter of the results stored", within: .seconds(120), interval: .milliseconds(20)) {
                try await world.database.resultCount() >= total / 4
            }
            let lock = try await ResultsTableLock.take(world.database)
            try await eventually("results waiting in the spool behind a batch in flight", within: .seconds(60), interval: .milliseconds(20)) {
                SpoolReader.waiting(spool).count >= 6
            }
            try await first.killHard()
            #expect(first.terminatingSignal == SIGKILL)
            let spooled = SpoolReader.waiting(spool)
            let spooledIDs = Set(spooled.map(\.result.resultID))
            // The coordinator may now commit the batch the dead agent sent: stored, but the agent never heard it.
            try await lock.release()
            var previous = -1
            try await eventually("the coordinator's stored results settle", within: .seconds(30), interval: .milliseconds(500)) {
                let count = try await world.database.resultCount()
                defer { previous = count }
                return count == previous
            }

            let storedAtKill = Set(try await world.database.results().map(\.resultID))
            let ackLost = storedAtKill.intersection(spooledIDs)
            let known = storedAtKill.union(spooledIDs)
            let loggedFirst = AgentLog.finishedResultIDs(first.stderr)
            #expect(!spooled.isEmpty)
            #expect(Set(loggedFirst).isSubset(of: known), "a result logged as finished is neither stored nor spooled")
            // Jobs claimed by the first run that are neither stored nor spooled were lost with it: in flight, or
            // claimed by its last poll (held at the coordinator). Its poll asked for no more than its free slots.
            let states = try await world.database.jobStates()
            let lost = Set(states.filter { $0.value == "claimed" }.map(\.key)).subtracting(spooled.map(\.result.jobID))
            #expect(lost.count <= concurrency, "more jobs lost than could be in flight")
            print(
                "kill -9: \(storedAtKill.count) stored, \(spooled.count) spooled (\(ackLost.count) of them stored after the kill: "
                    + "acknowledgement lost), \(lost.count) claimed jobs lost"
            )

            // The restarted agent is a new session: the coordinator hands it the lost jobs again.
            let second = try world.startAgentBinary(token: token, spool: spool, arguments: arguments, label: "agent-run2")
            let expected = total
            try await eventually("every job answered (the lost ones by the second run), spool empty", within: .seconds(180)) {
                try await world.database.resultCount() >= expected && SpoolReader.size(spool) == SpoolReader.headerSize
            }
            #expect(await second.stop(), "SIGTERM stops the agent")
            #expect(second.exitStatus == 0, "\(second.output)")

            let rows = try await world.database.results()
            let finalIDs = Set(rows.map(\.resultID))
            #expect(rows.count == expected, "stored \(rows.count), expected \(expected)")
            #expect(try await world.database.jobsWithSeveralResults().isEmpty, "a job has several results")
            #expect(finalIDs == known.union(AgentLog.finishedResultIDs(second.stderr)))
            let answeredJobs = Set(rows.compactMap(\.jobID))
            #expect(answeredJobs.count == expected)
            let secondRun = Set(AgentLog.finishedResultIDs(second.stderr))
            let lostAnswers = rows.filter { $0.jobID.map(lost.contains) == true }
            #expect(lostAnswers.count == lost.count && lostAnswers.allSatisfy { secondRun.contains($0.resultID) },
                    "the lost jobs are answered once each, by the second run")
            let opened = AgentLog.lines(second.stderr, containing: "spool opened").first
            #expect(opened.flatMap { AgentLog.value("waiting", in: $0) } == "\(spooled.count)", "\(opened ?? "no 'spool opened' line")")
            for log in [first.stderr, second.stderr] {
                #expect(!log.contains(E2E.password))
                #expect(!log.contains(token))
            }
        }
    }

    // MARK: - 2. Coordinator outage

    @Test(
        "coordinator stopped while the agent finishes the jobs it holds, restarted on the same database and port: every result stored once",
        arguments: [SIGTERM, SIGKILL]
    )
    func coordinatorOutage(signal: Int32) async throws {
        try await World.run("outage") { world in
            let token = try await world.enrol("outage-1")
            let panels = try await world.panels(10, group: 12, mode: .slow(milliseconds: 5000))
            let agent = world.startInProcess(world.inProcessConfiguration(token: token, spool: world.spoolDirectory("spool")))
            try await world.waitOnline("outage-1")
            try await world.createChecks(panels, usernames: Panels.usernames.prefix(2))
            let total = panels.count * 2
            try await eventually("every job claimed") { agent.metrics.jobsReceived == total }
            #expect(agent.metrics.inFlight > 0)

            try await world.stopCoordinator(graceful: signal == SIGTERM)
            try await eventually("every check finished while the coordinator is down") {
                agent.checksFinished == total && agent.metrics.inFlight == 0
            }
            let storedBefore = try await world.database.resultCount()
            #expect(agent.metrics.spool.depth == total - storedBefore)
            #expect(agent.metrics.spool.depth > 0, "results are waiting in the spool")
            try await eventually("the agent noticed the outage") {
                !agent.log.matching("coordinator call failed; retrying").isEmpty
            }
            try await Task.sleep(for: .seconds(3))  // down for a while: several retries with back-off
            #expect(try await world.database.resultCount() == storedBefore)

            try await world.restartCoordinator()
            try await eventually("the spool replayed") {
                let stored = try await world.database.resultCount()
                return agent.metrics.spool.depth == 0 && stored >= total
            }
            let rows = try await world.database.results()
            let finished = agent.log.finishedResultIDs
            #expect(finished.count == total)
            #expect(rows.count == total)
            #expect(Set(rows.map(\.resultID)) == Set(finished))
            #expect(Set(rows.compactMap(\.jobID)).count == total)
            #expect(try await world.database.jobsWithSeveralResults().isEmpty)
            #expect(!agent.log.matching("coordinator reachable again").isEmpty)
            try await agent.stop()
            #expect(try await world.database.resultCount() == total)
            #expect(!agent.log.text.contains(E2E.password))
        }
    }

    // MARK: - 3. Torn spool record

    @Test("a torn spool record: the agent starts, logs the skip, and delivers the intact records exactly once")
    func tornSpoolRecord() async throws {
        try await World.run("torn") { world in
            let token = try await world.enrol("torn-1")
            let panels = try await world.panels(6, group: 13, mode: .slow(milliseconds: 4000))
            let spool = world.spoolDirectory("spool")
            let configuration = world.inProcessConfiguration(token: token, spool: spool)
            let first = world.startInProcess(configuration)
            try await world.waitOnline("torn-1")
            try await world.createChecks(panels, usernames: Panels.usernames.prefix(1))
            let total = panels.count
            try await eventually("every job claimed") { first.metrics.jobsReceived == total }
            // The coordinator goes away, so every result stays in the spool; then the agent stops.
            try await world.stopCoordinator(graceful: false)
            try await eventually("every check finished") { first.checksFinished == total && first.metrics.inFlight == 0 }
            try await first.stop()
            #expect(!first.log.matching("results stay in the spool for the next start").isEmpty)
            // (Under load a result may have reached the coordinator before it went away: counted, not assumed.)
            let storedBefore = Set(try await world.database.results().map(\.resultID))

            let waiting = SpoolReader.waiting(spool)
            #expect(waiting.count + storedBefore.count == total)
            #expect(waiting.count >= 2, "intact records before the torn one")
            let last = try #require(waiting.last)
            #expect(last.offset + last.length == SpoolReader.size(spool), "the last record ends the file")
            try SpoolReader.truncate(spool, to: last.offset + last.length / 2)  // torn: a write cut short
            let intact = waiting.dropLast().map(\.result.resultID)
            #expect(SpoolReader.waiting(spool).map(\.result.resultID) == intact)

            try await world.restartCoordinator()
            let second = world.startInProcess(configuration)
            // The torn record's job is handed out again (the agent is a new session) and answered anew.
            try await eventually("the intact records delivered, the torn record's job answered again") {
                let stored = try await world.database.resultCount()
                return second.metrics.spool.depth == 0 && stored >= total
            }
            try await second.stop()
            let torn = second.log.matching("skipped a torn last record")
            #expect(torn.count == 1)
            #expect(torn.first?.level == .warning)
            #expect(second.metrics.spool.tornRecords == 1)
            #expect(second.log.matching("spool opened").first?.metadata["waiting"] == "\(intact.count)")
            let rows = try await world.database.results()
            #expect(rows.count == total)
            let again = Set(rows.map(\.resultID)).subtracting(storedBefore.union(intact))
            #expect(again.count == 1 && rows.first { again.contains($0.resultID) }?.jobID == last.result.jobID,
                    "besides the stored and intact results, one new answer to the torn record's job")
            #expect(!rows.contains { $0.resultID == last.result.resultID })
            #expect(try await world.database.jobsWithSeveralResults().isEmpty)
        }
    }

    // MARK: - 4. Spool cap

    @Test("the spool cap against the real coordinator: the oldest results dropped, counted in the heartbeat, the rest delivered once")
    func spoolCap() async throws {
        try await World.run("cap") { world in
            let token = try await world.enrol("cap-1")
            let panels = try await world.panels(15, group: 14, mode: .slow(milliseconds: 5000))
            var configuration = world.inProcessConfiguration(token: token, spool: world.spoolDirectory("spool"))
            configuration.spoolMaxBytes = 24 << 10
            let agent = world.startInProcess(configuration)
            try await world.waitOnline("cap-1")
            try await world.createChecks(panels, usernames: Panels.usernames.prefix(2))
            let total = panels.count * 2
            try await eventually("every job claimed") { agent.metrics.jobsReceived == total }
            try await world.stopCoordinator(graceful: false)
            try await eventually("every check finished while the coordinator is down") {
                agent.checksFinished == total && agent.metrics.inFlight == 0
            }
            let storedBefore = try await world.database.resultCount()
            let stats = agent.metrics.spool
            print("spool cap: \(stats.depth) waiting, \(stats.dropped) dropped, \(storedBefore) stored before the outage, file \(stats.fileBytes) bytes")
            #expect(stats.dropped > 0, "more results than fit under the cap")
            #expect(stats.depth > 0)
            #expect(stats.depth + stats.dropped + storedBefore == total)
            #expect(stats.fileBytes <= configuration.spoolMaxBytes)
            let full = agent.log.matching("spool full")
            #expect(full.allSatisfy { $0.level == .error })
            #expect(full.compactMap { Int($0.metadata["dropped"] ?? "") }.reduce(0, +) == stats.dropped)
            let named = Set(full.flatMap { [$0.metadata["first_dropped"], $0.metadata["last_dropped"]] }.compactMap { $0 })

            try await world.restartCoordinator()
            let delivered = total - stats.dropped
            try await eventually("the rest delivered") {
                let stored = try await world.database.resultCount()
                return agent.metrics.spool.depth == 0 && stored >= delivered
            }
            try await eventually("spool_dropped visible in GET /v1/agents") {
                let record = await world.api.agent("cap-1")
                return record?.spoolDropped == stats.dropped && record?.spoolDepth == 0
            }
            let rows = try await world.database.results()
            let ids = Set(rows.map(\.resultID))
            #expect(rows.count == delivered)
            #expect(ids.isSubset(of: Set(agent.log.finishedResultIDs)))
            #expect(ids.isDisjoint(with: named), "a dropped result reached the coordinator")
            #expect(try await world.database.jobsWithSeveralResults().isEmpty)
            try await agent.stop()
            #expect(try await world.database.resultCount() == delivered)
        }
    }

    // MARK: - 5. SSRF guard

    @Test("SSRF guard end to end: without --allow-private-targets, loopback panels and names resolving to them are target_forbidden and see no request")
    func addressGuard() async throws {
        try await World.run("ssrf") { world in
            let token = try await world.enrol("guarded-1")
            let local = try await world.panels(1, group: 0)[0]  // 127.0.0.1
            let other = try await world.panels(1, group: 15)[0]  // 127.0.15.1
            let v6 = try? await world.panel(SimulatorConfiguration(accounts: Panels.accounts, host: "::1"))
            let agent = try world.startAgentBinary(
                token: token, spool: world.spoolDirectory("spool"), arguments: ["--max-concurrency", "8"], label: "agent-guarded")
            try await world.waitOnline("guarded-1")

            var urls = [
                local.baseURL, "http://localhost:\(local.port)", other.baseURL,
                "http://0.0.0.0:\(local.port)",
            ]
            if let v6 { urls += [v6.baseURL, "http://[::ffff:127.0.0.1]:\(local.port)"] }
            if TestEnvironment.isIsolated {
                // Names and addresses that must never be dialled: only inside the isolated namespace, so that a
                // broken guard could not reach a real network.
                urls += [
                    "http://private.test:\(local.port)", "http://10.0.0.1:8080", "http://172.16.0.1:8080",
                    "http://192.168.1.1:8080", "http://169.254.169.254", "http://100.64.0.1:8080", "http://224.0.0.1:8080",
                    "http://[fd00::1]:8080", "http://[fe80::1]:8080",
                ]
            }
            for url in urls {
                let document = try await world.api.createCheck(url: url, username: "u0", password: E2E.password, waitSeconds: 30)
                let result = document.vantages.first?.result
                #expect(document.vantages.count == 1, "\(url): \(document.status)")
                let explain = "\(url): \(result?.outcome.rawValue ?? "no result") \(result?.detail ?? "")"
                #expect(result?.outcome == .targetForbidden, "\(explain)")
            }
            #expect(local.stats.totalRequests == 0)
            #expect(other.stats.totalRequests == 0)
            #expect(v6?.stats.totalRequests ?? 0 == 0)
            let rows = try await world.database.results()
            #expect(rows.count == urls.count)
            #expect(rows.allSatisfy { $0.outcome == "target_forbidden" }, "\(rows.map(\.outcome))")
            #expect(await agent.stop())
            #expect(agent.exitStatus == 0)
            #expect(!agent.stderr.contains(E2E.password))
            #expect(!agent.stderr.contains("SSRF guard is lifted"))
        }
    }

    // MARK: - 6. Graceful shutdown

    @Test("SIGTERM with checks in flight: finished checks delivered, those past the deadline abandoned, exit 0; a restart finds nothing left")
    func gracefulShutdown() async throws {
        try await World.run("sigterm") { world in
            let token = try await world.enrol("term-1")
            let slow = try await world.panels(4, group: 16, mode: .slow(milliseconds: 2500))
            let stuck = try await world.panels(2, group: 17, mode: .neverRespond)
            let spool = world.spoolDirectory("spool")
            let arguments = ["--allow-private-targets", "--max-concurrency", "16", "--shutdown-deadline", "6s"]
            let agent = try world.startAgentBinary(token: token, spool: spool, arguments: arguments, label: "agent-run1")
            try await world.waitOnline("term-1")
            try await world.createChecks(slow + stuck, usernames: Panels.usernames.prefix(1))
            try await eventually("every check in flight at its panel") {
                Panels.requests(slow) == slow.count && Panels.requests(stuck) == stuck.count
            }
            #expect(try await world.database.resultCount() == 0)

            let started = ContinuousClock.now
            agent.signal(SIGTERM)
            #expect(await agent.waitForExit(limit: .seconds(60)))
            let elapsed = ContinuousClock.now - started
            #expect(agent.exitStatus == 0, "\(agent.output)")
            #expect(elapsed >= .seconds(1), "it waited for the checks in flight")
            let log = agent.stderr
            #expect(log.contains("stopped taking jobs; waiting for the checks in flight"))
            #expect(log.contains("shutdown deadline reached"))
            #expect(AgentLog.lines(log, containing: "check abandoned").count == stuck.count)

            let rows = try await world.database.results()
            #expect(rows.count == slow.count, "every finished check delivered before the exit")
            #expect(Set(rows.map(\.resultID)) == Set(AgentLog.finishedResultIDs(log)))
            #expect(rows.allSatisfy { $0.outcome == "ok" })
            #expect(SpoolReader.waiting(spool).isEmpty)

            let again = try world.startAgentBinary(token: token, spool: spool, arguments: arguments, label: "agent-run2")
            try await eventually("the restarted agent registered") { again.stderr.contains("the coordinator knows this agent") }
            let opened = AgentLog.lines(again.stderr, containing: "spool opened").first
            #expect(opened.flatMap { AgentLog.value("waiting", in: $0) } == "0")
            #expect(await again.stop())
            #expect(again.exitStatus == 0)
            #expect(try await world.database.resultCount() == slow.count)
            #expect(try await world.database.jobsWithSeveralResults().isEmpty)
        }
    }

    // MARK: - 7. Online, then revoked

    @Test("the agent shows online with its version and spool depth; revoking its token stops it with a clear log line and no token")
    func onlineThenRevoked() async throws {
        try await World.run("revoke") { world in
            let token = try await world.enrol("rev-1")
            let agent = try world.startAgentBinary(
                token: token, spool: world.spoolDirectory("spool"), arguments: ["--max-concurrency", "7"], label: "agent")
            try await world.waitOnline("rev-1")
            let record = try #require(await world.api.agent("rev-1"))
            #expect(record.online)
            #expect(record.version == AgentVersion.current)
            #expect(record.spoolDepth == 0)
            #expect(record.spoolDropped == 0)
            #expect(record.maxConcurrency == 7)
            #expect(record.inFlight == 0)
            #expect(record.lastAddress == "127.0.0.1")
            #expect(record.revokedAt == nil)

            try await world.revoke("rev-1")
            #expect(await agent.waitForExit(limit: .seconds(90)), "the agent stops after the revocation")
            #expect(agent.exitStatus == 78, "\(agent.output)")
            let log = agent.stderr
            let line = AgentLog.lines(log, containing: "refused this agent's token").first
            #expect(line?.contains("critical") == true, "\(line ?? "no line")")
            #expect(line?.contains("unknown or revoked") == true)
            #expect(!log.contains(token))
            let secret = String(token.split(separator: "_", maxSplits: 2).last ?? "")
            #expect(secret.count >= 16 && !log.contains(secret))
            let after = try #require(await world.api.agent("rev-1"))
            #expect(after.revokedAt != nil)
            #expect(!after.online)
        }
    }

    // MARK: - 8. Restart while a long poll is held

    @Test("an agent restarted while its previous long poll is still held at the coordinator: no job is lost to the dead poll")
    func restartDuringHeldPoll() async throws {
        try await World.run("held-poll") { world in
            let token = try await world.enrol("restart-1")
            let panels = try await world.panels(6, group: 18)
            let spool = world.spoolDirectory("spool")
            let arguments = ["--allow-private-targets", "--max-concurrency", "16"]
            let first = try world.startAgentBinary(token: token, spool: spool, arguments: arguments, label: "agent-run1")
            try await world.waitOnline("restart-1")
            try await eventually("the first agent registered") { first.stderr.contains("the coordinator knows this agent") }
            try await Task.sleep(for: .seconds(1))  // its long poll (25 s) is now held at the coordinator
            #expect(await first.stop())
            #expect(first.exitStatus == 0)

            // Jobs arrive while the agent restarts (an upgrade, `systemctl restart`): the agent is still online.
            try await world.createChecks(panels, usernames: Panels.usernames.prefix(1))
            let second = try world.startAgentBinary(token: token, spool: spool, arguments: arguments, label: "agent-run2")
            var answered = true
            do {
                try await eventually("every job answered", within: .seconds(15)) {
                    try await world.database.resultCount() == panels.count
                }
            } catch {
                answered = false
            }
            let stranded = try await world.database.jobStates().values.filter { $0 == "claimed" }.count
            // The old poll is still held at the coordinator; the new one supersedes it, so it claims nothing.
            #expect(answered, "\(stranded) of \(panels.count) jobs claimed by the dead agent's poll, never delivered")
            #expect(second.isRunning)
            #expect(await second.stop())
            #expect(second.exitStatus == 0)
            #expect(try await world.database.jobsWithSeveralResults().isEmpty)
        }
    }
}
