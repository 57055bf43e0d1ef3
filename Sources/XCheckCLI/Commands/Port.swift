import ArgumentParser
import Curl
import XCheckModel
import XCheckProbe

extension XCheck {
    /// `xcheck port`: a port check (DNS, TCP connect, optionally the TLS handshake; no HTTP request).
    struct Port: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that a port accepts connections from this machine (DNS, TCP, optionally TLS; no HTTP).",
            discussion: """
                Safe on any port and toward any panel: nothing is requested, so nothing is logged in or counted. \
                Exit status: 0 reachable, 1 not reachable, 2 bad input, 3 internal error.
                """
        )

        @Argument(help: "HOST:PORT (an IPv6 address in brackets: [::1]:8080).")
        var address: String

        @Flag(name: .long, help: "Also complete a TLS handshake (for https and other TLS ports).")
        var tls = false

        @OptionGroup var options: ProbeOptions

        @Flag(name: .long, help: "Print the result as JSON.")
        var json = false

        func run() async throws {
            let host: String
            let port: Int
            do {
                (host, port) = try Self.split(self.address)
            } catch let error as InputError {
                Terminal.printError("xcheck: \(error.message)")
                throw ExitStatus(code: ExitStatus.badInput)
            }
            let driver = try CurlDriver.start()
            let engine = ProbeEngine(driver: driver, configuration: self.options.configuration())
            let result: PortCheckResult
            do {
                result = try await engine.portCheck(host: host, port: port, service: self.tls ? .https : .tcp)
            } catch {
                await driver.shutdown()
                throw error
            }
            await driver.shutdown()
            if self.json {
                print(try JSONOutput.encode(result))
            } else {
                let mark = result.outcome.isHealthy ? "OK  " : "FAIL"
                let stage = result.stage.map { " at \($0.rawValue)" } ?? ""
                print("xcheck port \(host):\(port)\(self.tls ? " (TLS)" : "")\n")
                print("  \(mark) \(result.outcome.rawValue)\(stage): \(result.detail)\n")
                print("  Timings   \(ProbeReportFormatter.timings(result.timings))")
                if let address = result.connectedAddress { print("  Address   \(address)") }
            }
            throw ExitStatus(code: result.outcome.isHealthy ? ExitStatus.healthy : ExitStatus.problem)
        }

        /// Splits "host:port" or "[v6]:port", checking both parts with the same rules as server URLs.
        static func split(_ text: String) throws -> (String, Int) {
            let parsed = try TargetParser.parse(url: "http://\(text.trimmingSpaces())")
            guard parsed.target.basePath.isEmpty, !parsed.target.hasCredentials else {
                throw InputError("give the address as HOST:PORT, without a path or credentials")
            }
            guard text.contains(":") else { throw InputError("give the port as well: HOST:PORT") }
            return (parsed.target.host, parsed.target.port)
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
