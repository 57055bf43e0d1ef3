/// The agent's config file: `key = value` lines, `#` comment lines and blank lines.
///
/// ```
/// # /etc/xcheck/agent.conf
/// coordinator = https://xcheck.example.net
/// token = xca_...
/// max-concurrency = 32
/// ```
///
/// Keys are the flag names without `--` (``SettingKey/fileKey``) or their environment variable names
/// (`XCHECK_COORDINATOR=...`, so a systemd `EnvironmentFile` reads too). Values may be wrapped in double or
/// single quotes; a `#` after a value is part of the value (tokens may contain one). A line without `=`, an
/// empty key, an unknown key or a key given twice is an error that names the line.
public enum ConfigurationFile {
    /// Parses the text of a config file.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - path: the file's path, for messages.
    /// - Returns: the settings found, each with its line.
    /// - Throws: ``ConfigurationError`` naming the first bad line.
    public static func parse(_ text: String, path: String) throws(ConfigurationError) -> [SettingKey: SettingValue] {
        var settings: [SettingKey: SettingValue] = [:]
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw ConfigurationError(
                    "\(path):\(lineNumber): expected 'key = value', found a line without '='"
                        + (trimmed.count <= 40 && !trimmed.contains(where: \.isWhitespace) ? " ('\(trimmed)')" : "")
                )
            }
            var keyText = trimmed[..<equals].trimmingSpaces()
            if keyText.hasPrefix("export ") { keyText = keyText.dropFirst("export ".count).trimmingSpaces() }
            guard !keyText.isEmpty else {
                throw ConfigurationError("\(path):\(lineNumber): expected 'key = value', the key is missing")
            }
            guard let key = SettingKey(fileKey: String(keyText)) else {
                let known = SettingKey.allCases.map(\.fileKey).joined(separator: ", ")
                throw ConfigurationError("\(path):\(lineNumber): unknown key '\(keyText.prefix(60))' (known keys: \(known))")
            }
            if let earlier = settings[key], case .file(_, let earlierLine, _) = earlier.source {
                throw ConfigurationError(
                    "\(path):\(lineNumber): '\(key.fileKey)' is given twice (first on line \(earlierLine))"
                )
            }
            var value = trimmed[trimmed.index(after: equals)...].trimmingSpaces()
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = value.dropFirst().dropLast()
            } else if let first = value.first, first == "\"" || first == "'" {
                throw ConfigurationError("\(path):\(lineNumber): the value of '\(key.fileKey)' has no closing quote")
            }
            settings[key] = SettingValue(
                text: String(value),
                source: .file(path: path, line: lineNumber, key: key.fileKey)
            )
        }
        return settings
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = self.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = self.lastIndex(where: { !isSpace($0) })!
        return self[first...last]
    }
}
