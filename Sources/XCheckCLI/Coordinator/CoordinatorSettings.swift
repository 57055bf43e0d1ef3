import ArgumentParser
import FoundationEssentials

/// Where the coordinator is and the token to use: flags, then XCHECK_COORDINATOR / XCHECK_TOKEN, then the
/// config file (`$XCHECK_CONFIG`, else `~/.config/xcheck/config`: `coordinator = URL` and `token = …` lines).
struct CoordinatorOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The coordinator's URL (default: XCHECK_COORDINATOR or the config file).", valueName: "URL"))
    var coordinator: String?

    @Option(name: .long, help: ArgumentHelp("API token (default: XCHECK_TOKEN or the config file). Prefer the environment: options are visible to other users.", valueName: "TOKEN"))
    var token: String?

    /// The resolved settings; nil URL when none is configured anywhere.
    func resolve() throws -> CoordinatorSettings {
        let file = try ConfigFile.load()
        let url = self.coordinator ?? Terminal.environment("XCHECK_COORDINATOR") ?? file["coordinator"]
        let token = self.token ?? Terminal.environment("XCHECK_TOKEN") ?? file["token"]
        if let url {
            let lower = url.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
                throw ValidationError("the coordinator URL must start with http:// or https://")
            }
        }
        return CoordinatorSettings(url: url.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }, token: token)
    }
}

/// A resolved coordinator address and token.
struct CoordinatorSettings: Sendable {
    var url: String?
    var token: String?
}

/// The CLI's config file: `key = value` lines, `#` comments.
enum ConfigFile {
    static let keys: Set<String> = ["coordinator", "token"]

    static var path: String? {
        if let explicit = Terminal.environment("XCHECK_CONFIG") { return explicit }
        if let home = Terminal.environment("HOME") { return "\(home)/.config/xcheck/config" }
        return nil
    }

    static func load() throws -> [String: String] {
        guard let path = self.path, let data = FileManager.default.contents(atPath: path) else { return [:] }
        var values: [String: String] = [:]
        for (index, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw).trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ValidationError("\(path):\(index + 1): expected 'key = value'")
            }
            let key = String(line[..<equals]).trimmingSpaces()
            let value = String(line[line.index(after: equals)...]).trimmingSpaces()
            guard self.keys.contains(key) else {
                throw ValidationError("\(path):\(index + 1): unknown key '\(key)' (known: coordinator, token)")
            }
            values[key] = value
        }
        return values
    }
}
