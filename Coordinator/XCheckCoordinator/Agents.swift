import ArgumentParser
import CoordinatorCore
import Foundation
import Logging

extension XCheckCoordinator {
    /// `agents add|list|revoke`.
    struct Agents: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enrol, list and revoke agents.",
            subcommands: [Add.self, List.self, Revoke.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Enrol an agent; prints its token once, alone on the last line.")
            @Option(help: "A unique name, e.g. fra-1.") var name: String
            @Option(help: "The region, e.g. eu-central.") var region: String
            @Option(help: "The network label (ISP or hosting provider), e.g. hetzner.") var network: String = ""
            @OptionGroup var database: DatabaseOptions

            func validate() throws {
                try Labels.check(self.name, "--name")
                try Labels.check(self.region, "--region")
                if !self.network.isEmpty { try Labels.check(self.network, "--network") }
            }

            func run() async throws {
                let token = try await AdminSession.with(self.database) { coordinator in
                    try await coordinator.agents.add(name: self.name, region: self.region, network: self.network)
                }
                print("agent \(self.name) enrolled in region \(self.region); its token (shown only now):")
                print(token.text)
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List agents.")
            @Flag(help: "Print JSON.") var json = false
            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                let agents = try await AdminSession.with(self.database) { try await $0.agents.list() }
                if self.json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    print(String(decoding: try encoder.encode(agents), as: UTF8.self))
                    return
                }
                print("NAME                 REGION           NETWORK          STATE    LAST SEEN             LOAD")
                for agent in agents {
                    let state = agent.revokedAt != nil ? "revoked" : (agent.online ? "online" : "offline")
                    let seen = agent.lastSeenAt.map { Date(timeIntervalSince1970: TimeInterval($0)).description } ?? "never"
                    print("\(Labels.pad(agent.name, 20)) \(Labels.pad(agent.region, 16)) \(Labels.pad(agent.network, 16)) \(Labels.pad(state, 8)) \(Labels.pad(seen, 21)) \(agent.inFlight)/\(agent.maxConcurrency)")
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke an agent's token.")
            @Option(help: "The agent's name.") var name: String
            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                let done = try await AdminSession.with(self.database) { try await $0.agents.revoke(name: self.name) }
                guard done else { throw ValidationError("no active agent named '\(self.name)'") }
                print("agent \(self.name) revoked")
            }
        }
    }
}
