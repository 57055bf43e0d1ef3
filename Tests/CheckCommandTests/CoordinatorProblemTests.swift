import Foundation
import Testing
import XCheckModel
import XCheckTestSupport
import XCheckVerdict

extension CheckCommandTests {
    /// Item 3: without a usable coordinator the local diagnosis is still printed, with a clear message.
    @Suite("Coordinator unreachable, missing or refusing")
    struct CoordinatorProblems {
        /// The local diagnosis of a healthy line, alone: one network, so no verdict beyond "inconclusive".
        static func expectLocalDiagnosis(_ result: CLIResult, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(result.stdout.contains("this machine"), "the local diagnosis is missing\n\(result)", sourceLocation: sourceLocation)
            let line = result.stdout.split(separator: "\n").first { $0.contains("this machine") }
            #expect(line?.contains(" ok") == true, "\(result)", sourceLocation: sourceLocation)
            #expect(result.stdout.contains("INCONCLUSIVE"), "\(result)", sourceLocation: sourceLocation)
        }

        @Test("a closed port as the coordinator: local diagnosis, clear message, exit 3")
        func unreachable() async throws {
            let lab = try currentLab()
            let closed = Panels.closedURL()
            try await Panels.with { panel in
                let human = try await lab.xcheck(
                    ["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password, "--coordinator", closed, "--token", lab.adminToken])
                expectNoSecret(human)
                #expect(human.status == Exit.coordinatorOrInternal, "\(human)")
                Self.expectLocalDiagnosis(human)
                #expect(human.stdout.contains("Note: the coordinator could not be reached"), "\(human)")
                #expect(human.stderr.contains("xcheck: the coordinator could not be reached"), "\(human)")

                let json = try await lab.xcheck(
                    ["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password, "--coordinator", closed, "--token", lab.adminToken, "--json"])
                expectNoSecret(json)
                #expect(json.status == Exit.coordinatorOrInternal, "\(json)")
                VerdictKeys.check(try json.json())
                let verdict = try json.decode(Verdict.self)
                #expect(verdict.vantages.map(\.kind) == [.local] && verdict.vantages.first?.outcome == .ok, "\(json)")
                #expect(verdict.verdict == .inconclusive && verdict.rule == .tooFewNetworks, "\(json)")
                // Standard output is the JSON document; the reason for exit 3 goes to standard error.
                #expect(json.stderr.contains("the coordinator could not be reached"), "--json hides why the coordinator's part is missing\n\(json)")
            }
        }

        /// A coordinator that accepts the connection and never answers: `--wait` bounds the whole run, and the
        /// local diagnosis comes out in time.
        @Test("a coordinator that never answers: --wait bounds the run, exit 3")
        func silentCoordinator() async throws {
            let lab = try currentLab()
            let silent = try RecordingServer()  // listens; never accepts, never answers
            defer { silent.close() }
            try await Panels.with { panel in
                let result = try await lab.xcheck(
                    ["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password, "--wait", "3"],
                    environment: ["XCHECK_COORDINATOR": silent.url, "XCHECK_TOKEN": "t"], timeout: 120)
                #expect(result.status == Exit.coordinatorOrInternal, "\(result)")
                Self.expectLocalDiagnosis(result)
            }
        }

        @Test("no coordinator configured anywhere: local diagnosis, clear message, exit 3")
        func notConfigured() async throws {
            let lab = try currentLab()
            try await Panels.with { panel in
                let result = try await lab.xcheck(["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password])
                expectNoSecret(result)
                #expect(result.status == Exit.coordinatorOrInternal, "\(result)")
                Self.expectLocalDiagnosis(result)
                #expect(result.stderr.contains("no coordinator is configured"), "\(result)")
                #expect(result.stderr.contains("--coordinator") && result.stderr.contains("XCHECK_COORDINATOR"), "the message should say how to configure one\n\(result)")

                // The other coordinator commands say the same, exit 3, and name the config file.
                let agents = try await lab.xcheck(["agents"])
                #expect(agents.status == Exit.coordinatorOrInternal, "\(agents)")
                #expect(agents.stderr.contains("no coordinator is configured") && agents.stderr.contains("\(lab.home)/no-such-config"), "\(agents)")
                #expect(agents.stdout.isEmpty, "\(agents)")
            }
        }

        /// A refused token: `check` exits 3 (its coordinator part failed; documented as "coordinator unreachable
        /// or internal error"), the other commands exit 1 (RemoteCommand: a refusal is a problem found, 1).
        @Test("a bad token: check exits 3 with the coordinator's 401, agents/targets exit 1")
        func badToken() async throws {
            let lab = try currentLab()
            let bad = ["XCHECK_COORDINATOR": lab.coordinatorURL, "XCHECK_TOKEN": "xck_not_a_real_token"]
            try await Panels.with { panel in
                let result = try await lab.xcheck(["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password], environment: bad)
                expectNoSecret(result)
                #expect(result.status == Exit.coordinatorOrInternal, "\(result)")
                Self.expectLocalDiagnosis(result)
                #expect(result.stderr.contains("the coordinator answered 401"), "\(result)")
                #expect(!result.allOutput.contains("xck_not_a_real_token"), "the token is echoed\n\(result)")

                // No token at all: the same refusal.
                let none = try await lab.xcheck(
                    ["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password], environment: ["XCHECK_COORDINATOR": lab.coordinatorURL])
                #expect(none.status == Exit.coordinatorOrInternal && none.stderr.contains("401"), "\(none)")

                // A valid token without the `check` scope: 403, also exit 3.
                let readOnly = try await lab.xcheck(
                    ["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password],
                    environment: ["XCHECK_COORDINATOR": lab.coordinatorURL, "XCHECK_TOKEN": lab.readToken])
                #expect(readOnly.status == Exit.coordinatorOrInternal && readOnly.stderr.contains("403"), "\(readOnly)")
                Self.expectLocalDiagnosis(readOnly)
            }

            let agents = try await lab.xcheck(["agents"], environment: bad)
            #expect(agents.status == Exit.problem, "\(agents)")
            #expect(agents.stderr.contains("the coordinator answered 401"), "\(agents)")
            let targets = try await lab.xcheck(["targets", "list"], environment: bad)
            #expect(targets.status == Exit.problem && targets.stderr.contains("401"), "\(targets)")
            let history = try await lab.xcheck(["history", "1"], environment: bad)
            #expect(history.status == Exit.problem && history.stderr.contains("401"), "\(history)")
            // A read token may not add targets (admin scope): 403, exit 1.
            let add = try await lab.xcheck(
                ["targets", "add", "http://127.0.0.1:9", "--interval", "60"],
                environment: ["XCHECK_COORDINATOR": lab.coordinatorURL, "XCHECK_TOKEN": lab.readToken])
            #expect(add.status == Exit.problem && add.stderr.contains("403"), "\(add)")
            // The coordinator commands with an unreachable coordinator: exit 3.
            let unreachable = try await lab.xcheck(["agents", "--coordinator", Panels.closedURL(), "--token", lab.adminToken])
            #expect(unreachable.status == Exit.coordinatorOrInternal && unreachable.stderr.contains("could not be reached"), "\(unreachable)")
        }
    }
}
