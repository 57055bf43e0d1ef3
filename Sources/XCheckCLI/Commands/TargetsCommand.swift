import ArgumentParser
import XCheckModel
import XCheckProtocol

extension XCheck {
    /// `xcheck targets add|list|rm`: monitored targets.
    struct TargetsCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "targets", abstract: "Manage monitored targets (checked by every agent at an interval).",
            subcommands: [Add.self, List.self, Run.self, Remove.self])

        struct TargetList: Codable { var targets: [TargetDocument] }

        struct TargetCreate: Encodable {
            var url: String
            var username: String?
            var password: String?
            var name: String?
            var intervalSeconds: Int
            var `public`: Bool
            var regions: [String]?
            enum CodingKeys: String, CodingKey {
                case url, username, password, name
                case intervalSeconds = "interval_seconds"
                case `public`, regions
            }
        }

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Monitor a server (needs an admin token).")
            @OptionGroup var target: CredentialOptions
            @Option(help: "A name for the status page.") var name: String?
            @Option(help: "Seconds between checks (at least 60).") var interval: Int = 300
            @Flag(help: "Show it on the public status page.") var `public` = false
            @Option(help: ArgumentHelp("Only these regions (comma-separated).", valueName: "R1,R2")) var regions: String?
            @OptionGroup var coordinator: CoordinatorOptions
            @Flag(help: "Print JSON.") var json = false

            func validate() throws {
                guard (60...86_400).contains(self.interval) else { throw ValidationError("--interval must be 60 to 86400 seconds") }
                if let list = self.regionList, let problem = RegionName.problem(list: list) {
                    throw ValidationError("--regions: \(problem)")
                }
            }

            var regionList: [String]? {
                self.regions.map { $0.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty } }
            }

            func run() async throws {
                let parsed: ParsedInput
                do {
                    parsed = try self.target.parse()
                } catch let error as InputError {
                    Terminal.printError("xcheck: \(error.message)")
                    throw ExitStatus(code: ExitStatus.badInput)
                }
                let body = TargetCreate(
                    url: parsed.target.baseURL, username: parsed.target.username, password: parsed.target.password?.value,
                    name: self.name, intervalSeconds: self.interval, public: self.public,
                    regions: self.regionList)
                let created = try await RemoteCommand.with(self.coordinator) { try await $0.post("/v1/targets", body, as: TargetDocument.self) }
                if self.json { print(try JSONOutput.encode(created)) } else {
                    print("target \(created.id) added: \(created.name), every \(created.intervalSeconds) s")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List monitored targets.")
            @OptionGroup var coordinator: CoordinatorOptions
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                let list = try await RemoteCommand.with(self.coordinator) { try await $0.get("/v1/targets", as: TargetList.self) }
                if self.json {
                    print(try JSONOutput.encode(list))
                    return
                }
                let rows = list.targets.map { t in
                    ["\(t.id)", t.name, t.url, t.username ?? "-", "\(t.intervalSeconds) s", t.isPublic ? "yes" : "no",
                     t.regions?.joined(separator: ",") ?? "all"]
                }
                print(VerdictFormatter.table(["ID", "NAME", "URL", "USER", "INTERVAL", "PUBLIC", "REGIONS"], rows), terminator: "")
            }
        }

        struct Run: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check a monitored target again now, from every agent in its regions (needs an admin token; at most every 30 s).")
            @Argument(help: "The target's id.") var id: Int64
            @OptionGroup var coordinator: CoordinatorOptions
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                struct Empty: Encodable {}
                let started = try await RemoteCommand.with(self.coordinator) {
                    try await $0.post("/v1/targets/\(self.id)/run", Empty(), as: TargetRunDocument.self)
                }
                if self.json { print(try JSONOutput.encode(started)) } else {
                    print("target \(started.targetID): run started on \(started.agents) agent\(started.agents == 1 ? "" : "s"); see `xcheck history \(started.targetID)`")
                }
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "rm", abstract: "Stop monitoring a target (needs an admin token).")
            @Argument(help: "The target's id.") var id: Int64
            @OptionGroup var coordinator: CoordinatorOptions
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                try await RemoteCommand.with(self.coordinator) { try await $0.delete("/v1/targets/\(self.id)") }
                if self.json {
                    print(#"{"id":\#(self.id),"removed":true}"#)
                } else {
                    print("target \(self.id) removed")
                }
            }
        }
    }
}
