/// Keeps passwords (and alert destinations: webhook URLs, bot tokens) out of argument-parser error messages, which quote the offending argument: a password
/// typed as `-pSECRET` or left without `-p` would otherwise be echoed ("Unknown option '-pSECRET'").
enum ArgumentRedactor {
    /// Option names xcheck defines; anything else quoted in a message may be a secret.
    static let knownOptions: Set<String> = [
        "-u", "-p", "-h", "--username", "--password", "--password-stdin", "--json", "--timeout", "--dns-timeout",
        "--connect-timeout", "--tls-timeout", "--user-agent", "--cacert", "--insecure", "--no-scheme-retry",
        "--no-port-checks", "--tls", "--help", "--version", "probe", "port", "help",
    ]

    /// Options whose value is a secret.
    static let secretOptions: Set<String> = ["-p", "--password", "--url", "--bot-token"]

    /// Options whose next argument is their value.
    static let optionsWithValues: Set<String> = [
        "-u", "--username", "--timeout", "--dns-timeout", "--connect-timeout", "--tls-timeout", "--user-agent",
        "--cacert",
    ]

    /// `message` with every quoted argument that may be a secret replaced by `<redacted>`: values of
    /// `-p`/`--password`, `--url` and `--bot-token` (also attached, `-pSECRET`, `--url=SECRET`), unknown options, and positional arguments after the first
    /// (the server URL).
    static func redact(_ message: String, arguments: [String]) -> String {
        var secrets: [String] = []
        var firstPositional: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if self.secretOptions.contains(argument) {
                if index + 1 < arguments.count { secrets.append(arguments[index + 1]) }
                index += 2
                continue
            }
            if self.optionsWithValues.contains(argument) {
                index += 2
                continue
            }
            if argument.hasPrefix("-") {
                // An unknown option (or -pSECRET, --password=SECRET) may carry a password.
                if !self.knownOptions.contains(argument) { secrets.append(argument) }
            } else if !self.knownOptions.contains(argument) {
                if firstPositional == nil { firstPositional = argument } else { secrets.append(argument) }
            }
            index += 1
        }
        var text = message
        for secret in secrets.sorted(by: { $0.count > $1.count }) where !secret.isEmpty {
            text = text.replacing("'\(secret)'", with: "'<redacted>'")
        }
        return text
    }
}
