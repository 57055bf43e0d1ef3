import ArgumentParser
import XCheckProtocol

extension XCheck {
    /// `xcheck agents`: the coordinator's agents, their region, network, last contact and load.
    struct AgentsCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "agents", abstract: "List the coordinator's agents.")

        @OptionGroup var coordinator: CoordinatorOptions
        @Flag(help: "Print JSON.") var json = false

        struct AgentList: Codable { var agents: [AgentRecord] }

        func run() async throws {
            let list = try await RemoteCommand.with(self.coordinator) { try await $0.get("/v1/agents", as: AgentList.self) }
            if self.json {
                print(try JSONOutput.encode(list))
                return
            }
            let rows = list.agents.map { agent in
                [agent.name, agent.region, agent.network.isEmpty ? "-" : agent.network,
                 agent.revokedAt != nil ? "revoked" : (agent.online ? "online" : "offline"),
                 agent.lastSeenAt.map { CivilDateText.dateTime($0) } ?? "never",
                 "\(agent.inFlight)/\(agent.maxConcurrency)", "\(agent.spoolDepth)"]
            }
            print(VerdictFormatter.table(["NAME", "REGION", "NETWORK", "STATE", "LAST SEEN", "LOAD", "SPOOL"], rows), terminator: "")
        }
    }
}
