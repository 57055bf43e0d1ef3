import ArgumentParser

/// The `xcheck` command: diagnoses Xtream Codes IPTV logins.
struct XCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xcheck",
        abstract: "Find out why an Xtream Codes IPTV login fails: server down, port blocked, or account problem.",
        version: XCheckVersion.current,
        subcommands: [Probe.self, Check.self, Port.self, AgentsCommand.self, TargetsCommand.self, AlertsCommand.self, HistoryCommand.self]
    )
}
