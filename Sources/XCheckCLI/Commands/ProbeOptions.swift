import ArgumentParser
import XCheckProbe

/// Timeouts and TLS options shared by the commands that run checks.
struct ProbeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Limit in seconds for one whole HTTP request.", valueName: "S"))
    var timeout: Double = 15

    @Option(name: .long, help: ArgumentHelp("Limit in seconds for name resolution.", valueName: "S"))
    var dnsTimeout: Double = 4

    @Option(name: .long, help: ArgumentHelp("Limit in seconds for the TCP connection.", valueName: "S"))
    var connectTimeout: Double = 10

    @Option(name: .long, help: ArgumentHelp("Limit in seconds for the TLS handshake.", valueName: "S"))
    var tlsTimeout: Double = 10

    @Option(name: .long, help: "User-Agent to send (default: a VLC player's).")
    var userAgent: String?

    @Option(name: .long, help: ArgumentHelp("PEM file of CA certificates to trust instead of the system's.", valueName: "FILE"))
    var cacert: String?

    @Flag(name: .long, help: "Do not verify TLS certificates.")
    var insecure = false

    @Flag(name: .long, help: "Do not try the other scheme (http/https) after a TLS failure or scheme mismatch.")
    var noSchemeRetry = false

    @Flag(name: .long, help: "Do not port-check the ports the panel advertises.")
    var noPortChecks = false

    func validate() throws {
        for (name, value) in [("--timeout", self.timeout), ("--dns-timeout", self.dnsTimeout), ("--connect-timeout", self.connectTimeout), ("--tls-timeout", self.tlsTimeout)] {
            guard value >= 0.001, value <= 300, value.isFinite else {
                throw ValidationError("\(name) must be a number of seconds from 0.001 to 300, got \(value)")
            }
        }
        if let cacert = self.cacert, !Terminal.isReadableFile(cacert) {
            throw ValidationError("--cacert: cannot read the file '\(cacert)'")
        }
    }

    /// The engine configuration these options describe.
    func configuration() -> ProbeConfiguration {
        var configuration = ProbeConfiguration()
        configuration.requestTimeout = .milliseconds(Int64(self.timeout * 1000))
        configuration.dnsTimeout = .milliseconds(Int64(self.dnsTimeout * 1000))
        configuration.connectTimeout = .milliseconds(Int64(self.connectTimeout * 1000))
        configuration.tlsTimeout = .milliseconds(Int64(self.tlsTimeout * 1000))
        if let userAgent = self.userAgent { configuration.userAgent = userAgent }
        configuration.caFile = self.cacert
        configuration.verifyTLS = !self.insecure
        configuration.tryOtherScheme = !self.noSchemeRetry
        configuration.checkAdvertisedPorts = !self.noPortChecks
        return configuration
    }
}
