import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import XCheckModel
import XCheckTestSupport
import XCheckVerdict

extension CheckCommandTests {
    /// Item 2: `--no-local`, `--regions`, `--private`.
    @Suite("--no-local, --regions and --private")
    struct Modes {
        @Test("--no-local: only the agents answer, no local vantage or region")
        func noLocal() async throws {
            let lab = try currentLab()
            try await Panels.with { panel in
                let result = try await lab.xcheck(
                    ["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password, "--no-local", "--json"], environment: lab.connected)
                expectNoSecret(result)
                #expect(result.status == Exit.up, "\(result)")
                VerdictKeys.check(try result.json())
                let verdict = try result.decode(Verdict.self)
                #expect(verdict.verdict == .up && verdict.rule == .worksFromAgents, "\(result)")
                #expect(verdict.vantages.count == 3 && verdict.vantages.allSatisfy { $0.kind == .agent }, "\(result)")
                #expect(Set(verdict.vantages.map(\.name)) == Set(Lab.agentSpecs.map(\.0)), "\(result)")
                #expect(Set(verdict.regions.map(\.region)) == Set(Lab.agentSpecs.map(\.1)), "no 'local' region without the local vantage\n\(result)")
                #expect(verdict.confidence.vantages == 3 && verdict.confidence.networks == 3, "\(result)")

                let human = try await lab.xcheck(
                    ["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password, "--no-local"], environment: lab.connected)
                #expect(human.status == Exit.up, "\(human)")
                #expect(!human.stdout.contains("this machine"), "\(human)")
                #expect(!human.stdout.contains("local:"), "\(human)")
            }
        }

        @Test("--regions r1: only that region's agent is asked; the others' regions are absent")
        func oneRegion() async throws {
            let lab = try currentLab()
            let (name, region, network) = Lab.agentSpecs[1]
            try await Panels.with { panel in
                let result = try await lab.xcheck(
                    ["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password, "--regions", region, "--json"], environment: lab.connected)
                expectNoSecret(result)
                #expect(result.status == Exit.up, "\(result)")
                let verdict = try result.decode(Verdict.self)
                #expect(verdict.verdict == .up, "this machine and one agent are two networks: enough for up\n\(result)")
                #expect(Set(verdict.regions.map(\.region)) == ["local", region], "\(result)")
                let agents = verdict.vantages.filter { $0.kind == .agent }
                #expect(agents.map(\.name) == [name] && agents.first?.network == network, "\(result)")
                #expect(verdict.missing.isEmpty, "the other agents were not asked, so they are not missing either\n\(result)")
                #expect(verdict.confidence.networks == 2, "\(result)")
            }
        }

        @Test("--regions r1,r2 --no-local: exactly those regions' agents")
        func twoRegions() async throws {
            let lab = try currentLab()
            let chosen = [Lab.agentSpecs[0], Lab.agentSpecs[2]]
            try await Panels.with { panel in
                let result = try await lab.xcheck(
                    ["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password, "--regions", chosen.map(\.1).joined(separator: ","),
                     "--no-local", "--json"], environment: lab.connected)
                #expect(result.status == Exit.up, "\(result)")
                let verdict = try result.decode(Verdict.self)
                #expect(Set(verdict.vantages.map(\.name)) == Set(chosen.map(\.0)), "\(result)")
                #expect(Set(verdict.regions.map(\.region)) == Set(chosen.map(\.1)), "\(result)")
            }
        }

        /// A region name the coordinator refuses is bad input (exit 2), like any other unusable argument.
        @Test("--regions with an impossible region name: exit 2")
        func impossibleRegionName() async throws {
            let lab = try currentLab()
            let result = try await lab.xcheck(
                ["check", "http://127.0.0.1:9", "-u", Secret.username, "-p", Secret.password, "--regions", "eu west", "--no-local"],
                environment: lab.connected)
            expectNoSecret(result)
            #expect(result.stderr.contains("region"), "\(result)")
            #expect(result.status == Exit.badInput, "\(result)")
            #expect(result.stderr.contains("\"eu west\""), "the message names the bad region\n\(result)")
        }

        /// A region without agents: nobody is asked, so nothing can be compared.
        @Test("--regions naming a region without agents: inconclusive, exit 1")
        func emptyRegion() async throws {
            let lab = try currentLab()
            try await Panels.with { panel in
                let result = try await lab.xcheck(
                    ["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password, "--regions", "mars", "--json"], environment: lab.connected)
                expectNoSecret(result)
                #expect(result.status == Exit.problem, "\(result)")
                let verdict = try result.decode(Verdict.self)
                #expect(verdict.verdict == .inconclusive && verdict.rule == .tooFewNetworks, "\(result)")
                #expect(verdict.vantages.map(\.kind) == [.local] && verdict.missing.isEmpty, "\(result)")
                let human = try await lab.xcheck(
                    ["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password, "--regions", "mars"], environment: lab.connected)
                #expect(human.status == Exit.problem, "\(human)")
                #expect(human.stdout.contains("Note: no agent is online in region 'mars'"), "\(human)")
                #expect(result.stderr.contains("note: no agent is online in region 'mars'"), "--json: the note goes to standard error\n\(result)")
            }
        }

        /// An agent that is online but does not answer in time (stopped with SIGSTOP) is listed as missing, in
        /// its region too, and is not counted: the verdict rests on the others.
        @Test("an agent that does not answer within --wait is missing, not counted")
        func missingAgent() async throws {
            let lab = try currentLab()
            let silent = lab.agents[2]
            try await Panels.with { panel in
                kill(silent.process.pid, SIGSTOP)
                let json: CLIResult
                let human: CLIResult
                do {
                    json = try await lab.xcheck(
                        ["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password, "--wait", "6", "--json"], environment: lab.connected)
                    human = try await lab.xcheck(
                        ["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password, "--wait", "6"], environment: lab.connected)
                } catch {
                    kill(silent.process.pid, SIGCONT)
                    throw error
                }
                kill(silent.process.pid, SIGCONT)
                #expect(json.status == Exit.up, "\(json)")
                VerdictKeys.check(try json.json())
                let verdict = try json.decode(Verdict.self)
                #expect(verdict.verdict == .up, "\(json)")
                #expect(verdict.missing.map(\.name) == [silent.name], "\(json)")
                #expect(!verdict.vantages.contains { $0.name == silent.name }, "\(json)")
                let region = verdict.regions.first { $0.region == silent.region }
                #expect(region?.verdict == .inconclusive && region?.missing == [silent.name] && region?.vantages == [], "\(json)")
                #expect(verdict.confidence.vantages == 3 && verdict.confidence.networks == 3, "\(json)")
                #expect(human.status == Exit.up, "\(human)")
                let row = human.stdout.split(separator: "\n").first { $0.contains(" \(silent.name) ") }
                #expect(row?.contains("no answer") == true, "\(human)")
                // Resumed, the agent answers late and the check finishes (and lets go of the password).
                try await eventually("the stopped agent's late answer", within: .seconds(90)) {
                    try await lab.database.scalar(
                        "SELECT count(*) FROM checks WHERE url = $1 AND (finished_at IS NULL OR password_sealed IS NOT NULL)",
                        [panel.baseURL]) == "0"
                }
            }
            try await lab.waitForAgentsOnline()
        }

        /// The password stays on this machine: the agents check reachability (`reachable`), the login runs here,
        /// the coordinator's database never holds the password for that check, and the verdict says what it
        /// could not compare.
        @Test("--private: agents check without the password; the coordinator never holds it")
        func privateMode() async throws {
            let lab = try currentLab()
            // Every value password_sealed ever takes in `checks`, by URL (a positive control below shows it works).
            try await lab.database.query("CREATE TABLE IF NOT EXISTS test_password_audit (url text, sealed boolean, at timestamptz DEFAULT clock_timestamp())")
            try await lab.database.query(
                """
                CREATE OR REPLACE FUNCTION test_password_audit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO test_password_audit (url, sealed) VALUES (NEW.url, NEW.password_sealed IS NOT NULL); RETURN NEW; END $$
                """)
            try await lab.database.query(
                "CREATE OR REPLACE TRIGGER test_password_audit AFTER INSERT OR UPDATE ON checks FOR EACH ROW EXECUTE FUNCTION test_password_audit()")

            // Positive control: a normal check's password is sealed in `checks` while the check runs.
            try await Panels.with { panel in
                let normal = try await lab.xcheck(
                    ["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password, "--no-local", "--json"], environment: lab.connected)
                #expect(normal.status == Exit.up, "\(normal)")
                let sealed = try await lab.database.scalar(
                    "SELECT count(*) FROM test_password_audit WHERE url = $1 AND sealed", [panel.baseURL])
                #expect((Int(sealed ?? "") ?? 0) >= 1, "the audit trigger saw no sealed password for a normal check: it would prove nothing")
            }

            try await Panels.with { panel in
                let result = try await lab.xcheck(
                    ["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password, "--private", "--json"], environment: lab.connected)
                expectNoSecret(result)
                #expect(result.status == Exit.up, "\(result)")
                VerdictKeys.check(try result.json())
                let verdict = try result.decode(Verdict.self)
                #expect(verdict.verdict == .up, "\(result)")
                let agents = verdict.vantages.filter { $0.kind == .agent }
                #expect(agents.count == 3 && agents.allSatisfy { $0.outcome == .reachable }, "agents must check reachability only\n\(result)")
                #expect(verdict.vantages.first { $0.kind == .local }?.outcome == .ok, "the login runs on this machine\n\(result)")

                // The database never held the password for this check.
                let rows = try await lab.database.query("SELECT kind, password_sealed IS NULL FROM checks WHERE url = $1", [panel.baseURL])
                #expect(rows.count == 1 && rows.first?[0] == "reachability" && rows.first?[1] == "t", "checks rows: \(rows)")
                let seen = try await lab.database.query("SELECT sealed FROM test_password_audit WHERE url = $1", [panel.baseURL])
                #expect(!seen.isEmpty && seen.allSatisfy { $0[0] == "f" }, "password_sealed values seen for the private check: \(seen)")
                let kinds = try await lab.database.query(
                    "SELECT DISTINCT j.kind FROM jobs j JOIN checks c ON c.id = j.check_id WHERE c.url = $1", [panel.baseURL])
                #expect(kinds.map { $0[0] } == ["reachability"], "job kinds: \(kinds)")
                // Once every check has finished, no row holds a password any more.
                try await eventually("every check finished, no password left in checks", within: .seconds(90)) {
                    try await lab.database.scalar("SELECT count(*) FROM checks WHERE finished_at IS NULL OR password_sealed IS NOT NULL") == "0"
                }

                // What could not be compared: the agents never tried the login.
                let words = (verdict.summary + " " + verdict.advice.joined(separator: " ")).lowercased()
                #expect(words.contains("without your password"),
                        "the verdict does not say the agents checked without the password: \(verdict.summary) \(verdict.advice)")
                #expect(!verdict.summary.contains("and from 3 of 3"), "\(verdict.summary)")
            }

            // An account answer in private mode: the summary says the login was tried from this machine only.
            try await Panels.with { panel in
                let result = try await lab.xcheck(
                    ["check", panel.baseURL, "-u", "expired", "-p", "secret", "--private", "--json"], environment: lab.connected)
                #expect(result.status == Exit.problem, "\(result)")
                let verdict = try result.decode(Verdict.self)
                #expect(verdict.verdict == .accountProblem && verdict.reason == .accountExpired, "\(result)")
                #expect(verdict.summary.contains("tried from your network"), "the summary should say where the login was tried: \(verdict.summary)")
                #expect(verdict.vantages.filter { $0.kind == .agent }.allSatisfy { $0.outcome == .reachable }, "\(result)")
            }
        }

        /// What goes over the wire: with --private the request to the coordinator carries no password.
        @Test("--private sends no password to the coordinator")
        func privateRequestBody() async throws {
            let lab = try currentLab()
            try await Panels.with { panel in
                for isPrivate in [false, true] {
                    let server = try RecordingServer()
                    defer { server.close() }
                    async let run = lab.xcheck(
                        ["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password, "--json"] + (isPrivate ? ["--private"] : []),
                        environment: ["XCHECK_COORDINATOR": server.url, "XCHECK_TOKEN": "t"])
                    let request = try await server.serveOne()
                    let result = try await run
                    #expect(result.status == Exit.coordinatorOrInternal, "\(result)")
                    #expect(request.hasPrefix("POST /v1/checks "), "\(request)")
                    let body = String(request[(request.range(of: "\r\n\r\n")?.upperBound ?? request.endIndex)...])
                    let json = try JSONValue(parsing: body)
                    #expect(json["private"] == .bool(isPrivate), "\(body)")
                    if isPrivate {
                        #expect(!request.contains(Secret.password), "--private sent the password to the coordinator: \(body)")
                        #expect(json["password"] == nil || json["password"]?.isNull == true, "\(body)")
                        #expect(json["username"] == nil || json["username"]?.isNull == true, "a reachability check needs no username\n\(body)")
                    } else {
                        #expect(json["password"]?.string == Secret.password, "a normal check sends the password for the agents\n\(body)")
                    }
                }
            }
        }
    }
}
