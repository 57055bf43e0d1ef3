import ArgumentParser

/// `xcheck-coordinator`: the service that enrolls agents, fans checks out to them and keeps every result in
/// PostgreSQL; plus its admin commands.
@main
struct XCheckCoordinator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xcheck-coordinator",
        abstract: "The xcheck coordinator: agents report to it, users ask it, PostgreSQL keeps everything.",
        version: "0.1.0",
        subcommands: [Serve.self, Agents.self, Tokens.self],
        defaultSubcommand: Serve.self
    )
}
