import XCheckProtocol

/// Validation and redaction of where an alert sends: the secret part (a webhook URL, a bot token) is sealed
/// at rest and only its redacted form is ever shown.
enum AlertDestination {
    /// Why a destination was refused (the message never quotes the secret).
    struct Invalid: Error {
        var message: String
    }

    /// The webhook URL's scheme, host and port, or nil when it is not an absolute http(s) URL with a host.
    static func origin(of url: String) -> String? {
        let lower = url.lowercased()
        let scheme: String
        if lower.hasPrefix("https://") { scheme = "https" } else if lower.hasPrefix("http://") { scheme = "http" } else { return nil }
        let rest = url.dropFirst(scheme.count + 3)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains(where: { $0 == " " || $0.isNewline }) else { return nil }
        return "\(scheme)://\(authority)"
    }

    /// Checks a webhook (or Discord) URL: absolute http(s), a host, no user info, no spaces, at most 2048
    /// characters.
    static func validateURL(_ url: String?, kind: AlertKind) throws(Invalid) -> String {
        guard let url, !url.isEmpty else { throw Invalid(message: "'url' is required for a \(kind.rawValue) alert") }
        guard url.count <= 2048 else { throw Invalid(message: "'url' is longer than 2048 characters") }
        guard self.origin(of: url) != nil, !url.contains(where: { $0 == " " || $0.isNewline }) else {
            throw Invalid(message: "'url' must be an absolute http:// or https:// URL with a host and no user name")
        }
        return url
    }

    /// Checks a Telegram bot token (`<digits>:<letters, digits, '-', '_'>`).
    static func validateBotToken(_ token: String?) throws(Invalid) -> String {
        guard let token, !token.isEmpty else { throw Invalid(message: "'bot_token' is required for a telegram alert") }
        let parts = token.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy(\.isASCII), parts[0].allSatisfy(\.isNumber),
            (20...200).contains(parts[1].count),
            parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { throw Invalid(message: "'bot_token' is not a Telegram bot token (digits, ':', then 20 or more letters, digits, '-' or '_')") }
        return token
    }

    /// Checks a Telegram chat id: an integer, or `@channelname`.
    static func validateChatID(_ chat: String?) throws(Invalid) -> String {
        guard let chat, !chat.isEmpty else { throw Invalid(message: "'chat_id' is required for a telegram alert") }
        let digits = chat.hasPrefix("-") ? chat.dropFirst() : Substring(chat)
        let numeric = !digits.isEmpty && digits.count <= 20 && digits.allSatisfy { $0.isASCII && $0.isNumber }
        let channel = chat.hasPrefix("@") && (6...33).contains(chat.count)
            && chat.dropFirst().allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        guard numeric || channel else { throw Invalid(message: "'chat_id' must be a number or @channelname") }
        return chat
    }

    /// What lists show: `https://hooks.example.net/…` or `telegram chat 12345`.
    static func redacted(kind: AlertKind, url: String?, chatID: String?) -> String {
        switch kind {
        case .telegram: return "telegram chat \(chatID ?? "?")"
        case .webhook, .discord: return "\(url.flatMap(Self.origin) ?? "?")/…"
        }
    }

    /// `text` with every secret replaced by `<redacted>` (error texts from libcurl or a receiver may quote them).
    static func scrub(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets.sorted(by: { $0.count > $1.count }) where secret.count >= 4 {
            result = result.replacing(secret, with: "<redacted>")
        }
        return result
    }
}
