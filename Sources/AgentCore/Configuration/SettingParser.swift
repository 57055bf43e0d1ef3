import Logging

/// Turns raw setting text into typed values, with messages that name the setting's source.
enum SettingParser {
    static func coordinatorURL(_ value: SettingValue) throws(ConfigurationError) -> String {
        var text = value.text.trimmingCharacters(of: " \t")
        let lower = text.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw ConfigurationError("\(value.source): the coordinator URL must start with https:// (or http:// in a lab), got '\(text.prefix(80))'")
        }
        let afterScheme = text[text.index(text.firstIndex(of: ":")!, offsetBy: 3)...]
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@") else {
            throw ConfigurationError("\(value.source): the coordinator URL needs a host and no user:password@ part")
        }
        guard !text.contains("?"), !text.contains("#"), !text.contains(where: \.isWhitespace) else {
            throw ConfigurationError("\(value.source): the coordinator URL must not contain spaces, '?' or '#'")
        }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    static func token(_ value: SettingValue) throws(ConfigurationError) -> AgentToken {
        let text = value.text.trimmingCharacters(of: " \t\r\n")
        guard !text.isEmpty else { throw ConfigurationError("\(value.source): the agent token is empty") }
        // A header value: printable ASCII without spaces (the message never repeats the token).
        guard text.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ConfigurationError("\(value.source): the agent token may only contain printable ASCII characters without spaces")
        }
        return AgentToken(text)
    }

    static func path(_ value: SettingValue) throws(ConfigurationError) -> String {
        guard !value.text.isEmpty else { throw ConfigurationError("\(value.source): the path is empty") }
        return value.text
    }

    static func integer(_ value: SettingValue, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let number = Int(value.text.trimmingCharacters(of: " \t")) else {
            throw ConfigurationError("\(value.source): '\(value.text.prefix(40))' is not a whole number")
        }
        guard range.contains(number) else {
            throw ConfigurationError("\(value.source): \(number) is out of range (\(range.lowerBound)...\(range.upperBound))")
        }
        return number
    }

    static func boolean(_ value: SettingValue) throws(ConfigurationError) -> Bool {
        switch value.text.trimmingCharacters(of: " \t").lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off", "": return false
        default:
            throw ConfigurationError("\(value.source): '\(value.text.prefix(40))' is not a boolean (use true or false)")
        }
    }

    static func listenAddress(_ value: SettingValue) throws(ConfigurationError) -> ListenAddress? {
        let text = value.text.trimmingCharacters(of: " \t")
        if text.isEmpty || text.lowercased() == "off" { return nil }
        guard let address = ListenAddress(parsing: text) else {
            throw ConfigurationError("\(value.source): '\(text.prefix(60))' is not an address to listen on (use 127.0.0.1:9464, [::1]:9464 or a port)")
        }
        return address
    }

    static func logLevel(_ value: SettingValue) throws(ConfigurationError) -> Logger.Level {
        let text = value.text.trimmingCharacters(of: " \t").lowercased()
        guard let level = Logger.Level(rawValue: text == "warn" ? "warning" : text) else {
            let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError("\(value.source): '\(value.text.prefix(40))' is not a log level (\(names))")
        }
        return level
    }

    /// `67108864`, `64MiB`, `64M`, `512KiB`, `1GiB` (K, M, G and their -iB forms are powers of 1024).
    static func byteSize(_ value: SettingValue, minimum: Int) throws(ConfigurationError) -> Int {
        let text = value.text.trimmingCharacters(of: " \t")
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let unit = text.dropFirst(digits.count).trimmingCharacters(of: " ").lowercased()
        let multiplier: Int
        switch unit {
        case "", "b": multiplier = 1
        case "k", "kb", "kib": multiplier = 1 << 10
        case "m", "mb", "mib": multiplier = 1 << 20
        case "g", "gb", "gib": multiplier = 1 << 30
        default: multiplier = 0
        }
        guard let number = Int(digits), multiplier > 0, number <= Int.max / multiplier else {
            throw ConfigurationError("\(value.source): '\(text.prefix(40))' is not a size (use bytes, or KiB, MiB, GiB)")
        }
        let bytes = number * multiplier
        guard bytes >= minimum else {
            throw ConfigurationError("\(value.source): \(text) is below the minimum of \(minimum / 1024) KiB")
        }
        return bytes
    }

    /// `20`, `20s`, `500ms`, `2m`.
    static func duration(_ value: SettingValue, in range: ClosedRange<Duration>) throws(ConfigurationError) -> Duration {
        let text = value.text.trimmingCharacters(of: " \t")
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let unit = text.dropFirst(digits.count).trimmingCharacters(of: " ").lowercased()
        guard let number = Int(digits), number < 1_000_000_000 else {
            throw ConfigurationError("\(value.source): '\(text.prefix(40))' is not a duration (use 20s, 500ms or 2m)")
        }
        let duration: Duration
        switch unit {
        case "", "s", "sec": duration = .seconds(number)
        case "ms": duration = .milliseconds(number)
        case "m", "min": duration = .seconds(number * 60)
        default:
            throw ConfigurationError("\(value.source): '\(text.prefix(40))' is not a duration (use 20s, 500ms or 2m)")
        }
        guard range.contains(duration) else {
            throw ConfigurationError("\(value.source): \(text) is out of range (\(range.lowerBound)...\(range.upperBound))")
        }
        return duration
    }
}

extension StringProtocol {
    /// Without leading and trailing characters from `set`.
    func trimmingCharacters(of set: String) -> String {
        let characters = Set(set)
        guard let first = self.firstIndex(where: { !characters.contains($0) }) else { return "" }
        let last = self.lastIndex(where: { !characters.contains($0) })!
        return String(self[first...last])
    }
}
