import ArgumentParser
import Curl
import XCheckModel
import XCheckProbe

extension XCheck {
    /// `xcheck probe`: diagnoses one Xtream server from this machine.
    struct Probe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Diagnose one Xtream server from this machine: DNS, TCP, TLS, HTTP and the login.",
            discussion: """
                Exit status: 0 when the login works (or, without credentials, the server answers), 1 when a \
                problem was found, 2 for input that cannot be used, 3 for an internal error.
                """
        )

        @OptionGroup var target: CredentialOptions
        @OptionGroup var options: ProbeOptions

        @Flag(name: .long, help: "Print the result as JSON.")
        var json = false

        func run() async throws {
            let input: ParsedInput
            do {
                input = try self.target.parse()
            } catch let error as InputError {
                Terminal.printError("xcheck: \(error.message)")
                throw ExitStatus(code: ExitStatus.badInput)
            }
            let driver = try CurlDriver.start()
            let engine = ProbeEngine(driver: driver, configuration: self.options.configuration())
            let result: ProbeResult
            do {
                result = try await engine.probe(input)
            } catch {
                await driver.shutdown()
                throw error
            }
            await driver.shutdown()
            if self.json {
                print(try JSONOutput.encode(result))
            } else {
                print(ProbeReportFormatter.format(result), terminator: "")
            }
            throw ExitStatus(code: result.outcome.isHealthy ? ExitStatus.healthy : ExitStatus.problem)
        }
    }
}
