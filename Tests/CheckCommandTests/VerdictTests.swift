import Foundation
import PanelSimulator
import Testing
import XCheckModel
import XCheckVerdict

extension CheckCommandTests {
    /// Item 1: the verdicts through the real system, human and JSON.
    @Suite("Verdicts through the real coordinator and agents")
    struct Verdicts {
        /// One row of the table: a panel (or a closed port), the credentials, what every vantage must conclude.
        struct Case: Sendable, CustomTestStringConvertible {
            var name: String
            var family: SimulatorConfiguration.Family = .xtreamCodes
            var mode: SimulatorConfiguration.Mode = .normal
            /// Nothing listens on the port (no panel at all).
            var closedPort = false
            var username: String
            var password: String
            var verdict: OverallVerdict
            var reason: Outcome
            var rule: VerdictRule
            /// What every region (the local one and the three agents') must conclude.
            var regionVerdict: RegionVerdict
            /// The outcome every vantage must report.
            var outcome: Outcome
            /// The stage every vantage must report (nil for ok).
            var stage: Stage?
            /// Network-level failures are confirmed by a second attempt from the same vantage.
            var confirmed: Bool?
            var exit: Int32
            /// Words the human headline must contain.
            var headline: String

            var testDescription: String { self.name }
        }

        static let cases: [Case] = [
            Case(name: "healthy line → up", username: Secret.username, password: Secret.password,
                 verdict: .up, reason: .ok, rule: .worksFromYourNetwork, regionVerdict: .up, outcome: .ok, stage: nil,
                 exit: Exit.up, headline: "The server is up"),
            Case(name: "wrong password → account_problem (credentials_rejected)", username: Secret.username, password: Secret.wrongPassword,
                 verdict: .accountProblem, reason: .credentialsRejected, rule: .accountRefused, regionVerdict: .accountProblem,
                 outcome: .credentialsRejected, stage: .login, exit: Exit.problem, headline: "ACCOUNT PROBLEM"),
            Case(name: "expired line → account_problem (account_expired)", username: "expired", password: "secret",
                 verdict: .accountProblem, reason: .accountExpired, rule: .accountRefused, regionVerdict: .accountProblem,
                 outcome: .accountExpired, stage: .login, exit: Exit.problem, headline: "ACCOUNT PROBLEM"),
            Case(name: "banned line on Xtream Codes → account_problem (account_banned)", username: "banned", password: "secret",
                 verdict: .accountProblem, reason: .accountBanned, rule: .accountRefused, regionVerdict: .accountProblem,
                 outcome: .accountBanned, stage: .login, exit: Exit.problem, headline: "ACCOUNT PROBLEM"),
            Case(name: "banned line on XUI.one → account_problem (login_rejected)", family: .xui, username: "banned", password: "secret",
                 verdict: .accountProblem, reason: .loginRejected, rule: .accountRefused, regionVerdict: .accountProblem,
                 outcome: .loginRejected, stage: .login, exit: Exit.problem, headline: "ACCOUNT PROBLEM"),
            Case(name: "closed port → down_for_everyone (connection_refused)", closedPort: true, username: Secret.username, password: Secret.password,
                 verdict: .downForEveryone, reason: .connectionRefused, rule: .sharedFailure, regionVerdict: .down,
                 outcome: .connectionRefused, stage: .connect, confirmed: true, exit: Exit.problem, headline: "DOWN for everyone"),
            Case(name: "Cloudflare 522 everywhere → down_for_everyone (cdn_origin_error)", mode: .cloudflareOriginError(status: 522),
                 username: Secret.username, password: Secret.password,
                 verdict: .downForEveryone, reason: .cdnOriginError, rule: .sharedFailure, regionVerdict: .down,
                 outcome: .cdnOriginError, stage: .http, exit: Exit.problem, headline: "DOWN for everyone"),
            Case(name: "HTML block page everywhere → down_for_everyone (not_xtream)", mode: .html,
                 username: Secret.username, password: Secret.password,
                 verdict: .downForEveryone, reason: .notXtream, rule: .sharedFailure, regionVerdict: .down,
                 outcome: .notXtream, stage: .http, exit: Exit.problem, headline: "DOWN for everyone"),
        ]

        @Test("verdict, reason, regions and vantages", arguments: Self.cases)
        func verdict(_ row: Case) async throws {
            let lab = try currentLab()
            if row.closedPort {
                try await Self.check(row, url: Panels.closedURL(), lab: lab)
            } else {
                try await Panels.with(family: row.family, mode: row.mode) { panel in
                    try await Self.check(row, url: panel.baseURL, lab: lab)
                }
            }
        }

        static func check(_ row: Case, url: String, lab: Lab) async throws {
            let arguments = ["check", url, "-u", row.username, "-p", row.password]

            // JSON.
            let json = try await lab.xcheck(arguments + ["--json"], environment: lab.connected)
            expectNoSecret(json)
            expectNoTerminalControl(json)
            #expect(json.status == row.exit, "\(json)")
            #expect(json.stderr.isEmpty, "\(json)")
            let document = try json.json()
            VerdictKeys.check(document)
            let verdict = try json.decode(Verdict.self)
            #expect(verdict.verdict == row.verdict, "\(verdict.summary)\n\(json)")
            #expect(verdict.reason == row.reason, "\(json)")
            #expect(verdict.rule == row.rule, "\(json)")

            // Every vantage answered: this machine and the three agents, each in its own region and network.
            let expectedRegions = ["local"] + Lab.agentSpecs.map(\.1)
            #expect(Set(verdict.regions.map(\.region)) == Set(expectedRegions), "\(json)")
            #expect(verdict.regions.count == expectedRegions.count, "\(json)")
            for region in verdict.regions {
                #expect(region.verdict == row.regionVerdict, "region \(region.region): \(region.verdict)\n\(json)")
                #expect(region.vantages.count == 1 && region.missing.isEmpty, "region \(region.region)\n\(json)")
            }
            #expect(verdict.missing.isEmpty, "\(json)")
            #expect(verdict.vantages.count == 4, "\(json)")
            let local = verdict.vantages.filter { $0.kind == .local }
            #expect(local.count == 1 && local.first?.name == "local" && local.first?.region == "local", "\(json)")
            for (name, region, network) in Lab.agentSpecs {
                let agent = verdict.vantages.first { $0.name == name }
                #expect(agent?.kind == .agent && agent?.region == region && agent?.network == network, "agent \(name)\n\(json)")
                #expect(verdict.regions.first { $0.region == region }?.vantages == [name], "\(json)")
            }
            for vantage in verdict.vantages {
                #expect(vantage.outcome == row.outcome, "\(vantage.name): \(vantage.outcome)\n\(json)")
                #expect(vantage.stage == row.stage, "\(vantage.name): stage \(vantage.stage?.rawValue ?? "null")\n\(json)")
                #expect(vantage.blocking == nil, "\(vantage.name): nobody gets through, so nobody is blocked\n\(json)")
                #expect(vantage.usable, "\(vantage.name)\n\(json)")
                #expect(vantage.confirmed == row.confirmed, "\(vantage.name): confirmed \(String(describing: vantage.confirmed))\n\(json)")
                #expect(vantage.attempts == (row.confirmed == nil ? 1 : 2), "\(vantage.name)\n\(json)")
                #expect(vantage.timings.total != nil, "\(vantage.name) has no total time\n\(json)")
            }
            #expect(verdict.confidence.vantages == 4 && verdict.confidence.networks == 4, "\(json)")
            #expect(!verdict.advice.isEmpty || row.verdict == .up, "\(json)")

            // Human.
            let human = try await lab.xcheck(arguments, environment: lab.connected)
            expectNoSecret(human)
            expectNoTerminalControl(human)
            #expect(human.status == row.exit, "\(human)")
            #expect(human.stderr.isEmpty, "\(human)")
            let text = human.stdout
            #expect(text.contains("VANTAGE") && text.contains("REGION") && text.contains("NETWORK") && text.contains("OUTCOME"), "\(human)")
            #expect(text.contains("BLOCKING") && text.contains("TIME"), "\(human)")
            #expect(text.contains("this machine"), "\(human)")
            for (name, region, network) in Lab.agentSpecs {
                let line = text.split(separator: "\n").first { $0.contains(" \(name) ") || $0.hasPrefix("  \(name) ") }
                #expect(line?.contains(region) == true && line?.contains(network) == true && line?.contains(row.outcome.rawValue) == true,
                        "no table line for \(name)\n\(human)")
                #expect(text.contains("\(region): \(row.regionVerdict.rawValue)"), "\(human)")
            }
            #expect(text.contains("local: \(row.regionVerdict.rawValue)"), "\(human)")
            #expect(text.contains(row.headline), "\(human)")
            #expect(text.contains("(\(row.reason.rawValue))"), "\(human)")
            #expect(text.contains(verdict.summary), "the human summary differs from the JSON one\n\(human)")
            #expect(text.contains("Confidence 4 vantages in 4 networks"), "\(human)")
        }
    }
}
