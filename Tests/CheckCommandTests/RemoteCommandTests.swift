import Foundation
import Testing
import XCheckModel
import XCheckProtocol

extension CheckCommandTests {
    /// Item 7: `xcheck agents`, `xcheck targets add|list|rm`, `xcheck history`, human and JSON.
    @Suite("agents, targets and history")
    struct RemoteCommands {
        struct AgentList: Decodable { var agents: [AgentRecord] }
        struct TargetList: Decodable { var targets: [TargetDocument] }

        @Test("xcheck agents lists the three agents online")
        func agents() async throws {
            let lab = try currentLab()
            let human = try await lab.xcheck(["agents"], environment: lab.connected)
            #expect(human.status == Exit.up, "\(human)")
            expectNoTerminalControl(human)
            let lines = human.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.contains("NAME") == true && lines.first?.contains("REGION") == true && lines.first?.contains("LAST SEEN") == true, "\(human)")
            for (name, region, network) in Lab.agentSpecs {
                let line = lines.first { $0.contains(" \(name) ") }
                #expect(line?.contains(region) == true && line?.contains(network) == true && line?.contains("online") == true, "\(name)\n\(human)")
                #expect(line?.contains("never") == false, "\(name) was never seen\n\(human)")
            }

            let json = try await lab.xcheck(["agents", "--json"], environment: lab.connected)
            #expect(json.status == Exit.up, "\(json)")
            let list = try json.decode(AgentList.self)
            #expect(list.agents.count == 3, "\(json)")
            for (name, region, network) in Lab.agentSpecs {
                let agent = list.agents.first { $0.name == name }
                #expect(agent?.region == region && agent?.network == network, "\(json)")
                #expect(agent?.online == true && agent?.revokedAt == nil && agent?.lastSeenAt != nil, "\(json)")
                #expect((agent?.maxConcurrency ?? 0) > 0, "the agent reported no capacity\n\(json)")
            }
            // A read token is enough to list agents.
            let read = try await lab.xcheck(["agents", "--json"], environment: ["XCHECK_COORDINATOR": lab.coordinatorURL, "XCHECK_TOKEN": lab.readToken])
            #expect(read.status == Exit.up, "\(read)")
        }

        @Test("targets add, list, history after a forced run, rm")
        func targetsAndHistory() async throws {
            let lab = try currentLab()
            try await Panels.with { panel in
                // add (human), then add --json.
                let added = try await lab.xcheck(
                    ["targets", "add", panel.baseURL, "-u", Secret.username, "-p", Secret.password, "--interval", "60", "--name", "carol-line"],
                    environment: lab.connected)
                expectNoSecret(added)
                #expect(added.status == Exit.up, "\(added)")
                let id = try #require(added.stdout.split(separator: " ").dropFirst().first.flatMap { Int64($0) }, "no id in \(added)")
                #expect(added.stdout.contains("target \(id) added: carol-line, every 60 s"), "\(added)")

                let addedJSON = try await lab.xcheck(
                    ["targets", "add", panel.baseURL, "--interval", "120", "--json"], environment: lab.connected)
                #expect(addedJSON.status == Exit.up, "\(addedJSON)")
                let second = try addedJSON.decode(TargetDocument.self)
                #expect(second.intervalSeconds == 120 && !second.hasPassword && second.username == nil, "\(addedJSON)")

                // list: both, no password anywhere.
                let list = try await lab.xcheck(["targets", "list"], environment: lab.connected)
                expectNoSecret(list)
                #expect(list.status == Exit.up, "\(list)")
                let line = list.stdout.split(separator: "\n").first { $0.hasPrefix("  \(id) ") }
                #expect(line?.contains("carol-line") == true && line?.contains(panel.baseURL) == true, "\(list)")
                #expect(line?.contains(Secret.username) == true && line?.contains("60 s") == true, "\(list)")
                let listJSON = try await lab.xcheck(["targets", "list", "--json"], environment: lab.connected)
                expectNoSecret(listJSON)
                let targets = try listJSON.decode(TargetList.self).targets
                let target = try #require(targets.first { $0.id == id }, "\(listJSON)")
                #expect(target.hasPassword && target.username == Secret.username && target.intervalSeconds == 60 && target.url == panel.baseURL, "\(listJSON)")
                #expect(targets.contains { $0.id == second.id }, "\(listJSON)")
                for entry in try listJSON.json()["targets"]?.array ?? [] {
                    #expect(entry["password"] == nil && entry["password_sealed"] == nil, "a target carries its password: \(entry)")
                }

                // Force a run now, wait for every agent's result.
                try await lab.database.query("UPDATE targets SET next_run_at = now() WHERE id = $1", [String(id)])
                try await eventually("a result from every agent for target \(id)", within: .seconds(90)) {
                    try await lab.database.scalar("SELECT count(DISTINCT agent_id) FROM results WHERE target_id = $1", [String(id)]) == "3"
                }

                let history = try await lab.xcheck(["history", "\(id)"], environment: lab.connected)
                expectNoSecret(history)
                #expect(history.status == Exit.up, "\(history)")
                let header = history.stdout.split(separator: "\n").first ?? ""
                #expect(header.contains("TIME") && header.contains("AGENT") && header.contains("OUTCOME"), "\(history)")
                for (name, region, _) in Lab.agentSpecs {
                    let row = history.stdout.split(separator: "\n").first { $0.contains(" \(name) ") }
                    #expect(row?.contains(region) == true && row?.contains(" ok ") == true, "no ok result from \(name)\n\(history)")
                }
                let historyJSON = try await lab.xcheck(["history", "\(id)", "--json"], environment: lab.connected)
                #expect(historyJSON.status == Exit.up, "\(historyJSON)")
                let page = try historyJSON.decode(HistoryPage.self)
                #expect(Set(page.results.map(\.agent.name)) == Set(Lab.agentSpecs.map(\.0)), "\(historyJSON)")
                #expect(page.results.allSatisfy { $0.result.outcome == .ok }, "\(historyJSON)")
                #expect(page.next == nil, "\(historyJSON)")
                let starts = page.results.map(\.startedAt)
                #expect(starts == starts.sorted(), "history should be oldest first\n\(historyJSON)")
                // --limit pages through and stops at the limit.
                let limited = try await lab.xcheck(["history", "\(id)", "--json", "--limit", "1"], environment: lab.connected)
                #expect(try limited.decode(HistoryPage.self).results.count == 1, "\(limited)")
                // A target without results yet, and one that does not exist.
                let empty = try await lab.xcheck(["history", "\(second.id)", "--json"], environment: lab.connected)
                #expect(empty.status == Exit.up, "\(empty)")
                let unknown = try await lab.xcheck(["history", "999999"], environment: lab.connected)
                #expect(unknown.status == Exit.problem && unknown.stderr.contains("404"), "\(unknown)")

                // run: started on the live agents; at once again is refused (politeness), exit 1.
                let run = try await lab.xcheck(["targets", "run", "\(second.id)", "--json"], environment: lab.connected)
                #expect(run.status == Exit.up, "\(run)")
                #expect(try run.decode(TargetRunDocument.self).targetID == second.id, "\(run)")
                let tooSoon = try await lab.xcheck(["targets", "run", "\(second.id)"], environment: lab.connected)
                #expect(tooSoon.status == Exit.problem && tooSoon.stderr.contains("429"), "\(tooSoon)")

                // rm: gone from the list; removing again is refused.
                let removed = try await lab.xcheck(["targets", "rm", "\(id)"], environment: lab.connected)
                #expect(removed.status == Exit.up && removed.stdout == "target \(id) removed\n", "\(removed)")
                let removedJSON = try await lab.xcheck(["targets", "rm", "\(second.id)", "--json"], environment: lab.connected)
                #expect(removedJSON.status == Exit.up, "\(removedJSON)")
                #expect(try removedJSON.json() == .object(["id": .number(Double(second.id)), "removed": .bool(true)]), "\(removedJSON)")
                let after = try await lab.xcheck(["targets", "list", "--json"], environment: lab.connected)
                #expect(!(try after.decode(TargetList.self).targets.contains { $0.id == id || $0.id == second.id }), "\(after)")
                let again = try await lab.xcheck(["targets", "rm", "\(id)"], environment: lab.connected)
                #expect(again.status == Exit.problem && again.stderr.contains("404"), "\(again)")
                let badRegion = try await lab.xcheck(
                    ["targets", "add", panel.baseURL, "--interval", "60", "--regions", "eu west"], environment: lab.connected)
                #expect(badRegion.status == Exit.badInput && badRegion.stderr.contains("\"eu west\""), "\(badRegion)")
                // --regions is read like check's: spaces around the names are dropped.
                let regional = try await lab.xcheck(
                    ["targets", "add", panel.baseURL, "--interval", "60", "--regions", "eu-west, us-east", "--json"], environment: lab.connected)
                #expect(regional.status == Exit.up, "\(regional)")
                if regional.status == Exit.up {
                    let document = try regional.decode(TargetDocument.self)
                    #expect(document.regions == ["eu-west", "us-east"], "\(regional)")
                    _ = try await lab.xcheck(["targets", "rm", "\(document.id)"], environment: lab.connected)
                }
                // The interval's lower bound is enforced before anything is sent.
                let tooOften = try await lab.xcheck(["targets", "add", panel.baseURL, "--interval", "59"], environment: lab.connected)
                #expect(tooOften.status == Exit.badInput, "\(tooOften)")
            }
        }
    }
}
