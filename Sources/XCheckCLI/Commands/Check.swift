import ArgumentParser
import Curl
import XCheckModel
import XCheckProbe
import XCheckProtocol
import XCheckVerdict

extension XCheck {
    /// `xcheck check`: this machine's probe and every agent's, side by side, cross-referenced into a verdict.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a server from here and from every region: up, down for everyone, blocked for you, or an account problem.",
            discussion: """
                Runs the login from this machine and asks the coordinator to run it from every agent at the same \
                time, then compares. Exit status: 0 up, 1 any other verdict, 2 bad input, 3 coordinator unreachable \
                or internal error (the local diagnosis is still printed).
                """
        )

        @OptionGroup var target: CredentialOptions
        @OptionGroup var coordinator: CoordinatorOptions

        @Option(name: .long, help: ArgumentHelp("Only these regions (comma-separated).", valueName: "R1,R2"))
        var regions: String?

        @Flag(name: .long, help: "Do not probe from this machine; only the agents.")
        var noLocal = false

        @Flag(name: .long, help: "Keep the password on this machine: agents check ports and reachability only, the login runs here.")
        var `private` = false

        @Option(name: .long, help: ArgumentHelp("How long to wait for the agents, in seconds.", valueName: "S"))
        var wait: Int = 20

        @Flag(name: .long, help: "Print the verdict as JSON.")
        var json = false

        @OptionGroup var options: ProbeOptions

        func validate() throws {
            guard (1...60).contains(self.wait) else { throw ValidationError("--wait must be 1 to 60 seconds") }
            if self.noLocal && self.private { throw ValidationError("--private needs the local check; drop --no-local") }
        }

        func run() async throws {
            let input: ParsedInput
            let settings: CoordinatorSettings
            do {
                input = try self.target.parse()
                settings = try self.coordinator.resolve()
            } catch let error as InputError {
                Terminal.printError("xcheck: \(error.message)")
                throw ExitStatus(code: ExitStatus.badInput)
            }
            let regionList = try self.regions.map { text -> [String] in
                let list = text.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
                guard !list.isEmpty else { throw ValidationError("--regions needs at least one region") }
                if let problem = RegionName.problem(list: list) { throw ValidationError("--regions: \(problem)") }
                return list
            }
            let driver = try CurlDriver.start()
            let engine = ProbeEngine(driver: driver, configuration: self.options.configuration())
            let progress = ProgressLine(enabled: Terminal.stderrIsTerminal && !self.json)
            defer { progress.clear() }

            let run = CheckRun(
                input: input, engine: engine, driver: driver, settings: settings, regions: regionList,
                local: !self.noLocal, private: self.private, wait: .seconds(self.wait), progress: progress)
            let outcome = await run.execute()
            progress.clear()
            await driver.shutdown()

            if self.json {
                print(try JSONOutput.encode(outcome.verdict))
            } else {
                print(VerdictFormatter.format(outcome), terminator: "")
            }
            if self.json {
                // Standard output is the document; notes it cannot carry go to standard error. (Without --json
                // they are part of the report already.)
                for note in outcome.notes { Terminal.printError("xcheck: note: \(note)") }
            }
            if let problem = outcome.coordinatorProblem {
                // Also with --json: standard output is the document, standard error says why exit 3.
                Terminal.printError("xcheck: \(problem)")
                throw ExitStatus(code: ExitStatus.internalError)
            }
            throw ExitStatus(code: outcome.verdict.verdict == .up ? ExitStatus.healthy : ExitStatus.problem)
        }
    }
}
