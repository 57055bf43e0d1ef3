import ArgumentParser

/// `xcheck-coordinator-bench`: drives a running coordinator over HTTP (libcurl) the way agents and users do,
/// and prints one machine-readable line per measurement (`key=value` pairs) for the summary of
/// deploy/dev/bench-coordinator.sh. It only talks to loopback addresses and never prints a token.
@main
struct XCheckCoordinatorBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xcheck-coordinator-bench",
        abstract: "Benchmark a coordinator on loopback: result ingest, check fan-out, reads.",
        subcommands: [Ingest.self, CopyRows.self, FanOut.self, Reads.self, SampleDocument.self]
    )
}

/// Options shared by every subcommand that talks to the coordinator.
struct CoordinatorOptions: ParsableArguments {
    @Option(help: "The coordinator's base URL (a loopback address), e.g. http://127.0.0.1:8480.")
    var url: String

    func validate() throws {
        guard BenchHTTP.isLoopback(self.url) else { throw ValidationError("the benchmark only talks to http://127.x.x.x addresses") }
    }
}

/// The simulated agents of the ingest benchmark: which rows they send (shared with `copy-rows`, so COPY loads
/// exactly the rows the agents posted).
struct IngestRowOptions: ParsableArguments {
    @Option(help: "A file of simulated agents, one 'AGENT_ID TOKEN' per line (keep it mode 0600).")
    var agentsFile: String

    @Option(help: "Results in all (split evenly over the agents).")
    var results: Int = 200_000

    @Option(help: "Results per batch (per POST).")
    var batch: Int = 100

    @Option(help: "Seed of the result ids (the same seed gives the same rows).")
    var seed: UInt32 = 1

    @Option(help: "started_at of the newest result, epoch seconds (default: now). Rows go back at most one hour.")
    var startedAt: Int64?

    func validate() throws {
        guard (1...5_000_000).contains(self.results) else { throw ValidationError("--results must be 1...5000000") }
        guard (1...500).contains(self.batch) else { throw ValidationError("--batch must be 1...500") }
    }
}
