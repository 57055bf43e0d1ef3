import ArgumentParser
import XCheckModel

/// The target URL and the credentials, however the user gives them.
struct CredentialOptions: ParsableArguments {
    @Argument(help: "The server URL as given by the provider (host:port, a full URL, or a pasted get.php / player_api.php link).")
    var url: String

    @Option(name: [.short, .customLong("username")], help: "The username.")
    var username: String?

    @Option(name: [.short, .customLong("password")], help: "The password (visible to other users of this machine in the process list: prefer --password-stdin or XCHECK_PASSWORD).")
    var password: String?

    @Flag(name: .long, help: "Read the password from the first line of standard input.")
    var passwordStdin = false

    /// The parsed target; throws ``InputError`` for unusable input.
    func parse() throws -> ParsedInput {
        var password = self.password
        if self.passwordStdin {
            guard password == nil else { throw InputError("give the password either with -p or with --password-stdin, not both") }
            guard let line = Terminal.readLine() else { throw InputError("--password-stdin: standard input is empty") }
            password = line
        } else if password == nil, let fromEnvironment = Terminal.environment("XCHECK_PASSWORD"),
            self.username != nil || Self.urlNamesUser(self.url)
        {
            password = fromEnvironment
        }
        return try TargetParser.parse(url: self.url, username: self.username, password: password)
    }

    /// True when the URL carries a username (`user@host`, or `username=` in a pasted link), so that the
    /// password from XCHECK_PASSWORD belongs to it.
    static func urlNamesUser(_ url: String) -> Bool {
        let lower = url.lowercased()
        if lower.contains("username=") { return true }
        let afterScheme = lower.firstRange(of: "://").map { lower[$0.upperBound...] } ?? lower[...]
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return authority.contains("@")
    }
}
