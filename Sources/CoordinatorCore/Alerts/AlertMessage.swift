@preconcurrency import Crypto
import FoundationEssentials
import XCheckModel
import XCheckProtocol
import XCheckVerdict

/// The bodies alerts send, written from an ``AlertEvent``: pure, no I/O. None of them holds a secret (the
/// event has none; the Telegram chat id is not one).
enum AlertMessage {
    /// The generic webhook body: the event as JSON (sorted keys).
    static func webhookBody(_ event: AlertEvent) throws -> [UInt8] {
        Array(try Self.encoder.encode(event))
    }

    /// Telegram `sendMessage` body: `{chat_id, text, parse_mode: "HTML", disable_web_page_preview: true}`.
    static func telegramBody(_ event: AlertEvent, chatID: String) throws -> [UInt8] {
        struct Body: Encodable {
            var chat_id: String
            var text: String
            var parse_mode = "HTML"
            var disable_web_page_preview = true
        }
        return Array(try Self.encoder.encode(Body(chat_id: chatID, text: Self.telegramText(event))))
    }

    /// The Telegram message: a headline, one line per region (changed ones marked), the summary, the URL.
    /// HTML-escaped, at most 4096 characters.
    static func telegramText(_ event: AlertEvent) -> String {
        var lines = ["\(Self.symbol(event.after.verdict)) <b>\(Self.escape(event.target.name))</b>: \(Self.escape(Self.headline(event)))"]
        for line in Self.regionLines(event) { lines.append(Self.escape(line)) }
        lines.append(Self.escape(event.summary))
        lines.append(Self.escape(event.target.url))
        return String(lines.joined(separator: "\n").prefix(4096))
    }

    /// Discord webhook body: `{content, embeds: [{title, description, color, fields, timestamp}]}`, within
    /// Discord's limits (content 2000, title 256, description 4096, 25 fields of 256/1024).
    static func discordBody(_ event: AlertEvent) throws -> [UInt8] {
        struct Field: Encodable {
            var name: String
            var value: String
            var inline = true
        }
        struct Embed: Encodable {
            var title: String
            var description: String
            var url: String?
            var color: Int
            var fields: [Field]
            var timestamp: String
        }
        struct Body: Encodable {
            var content: String
            var embeds: [Embed]
            var allowed_mentions = ["parse": [String]()]
        }
        let fields = event.after.regions.prefix(25).map { region in
            let before = event.before[region.region]
            let value = before == region.verdict ? Self.label(region.verdict) : "\(Self.label(before)) → \(Self.label(region.verdict))"
            return Field(name: String(region.region.prefix(256)), value: String(value.prefix(1024)))
        }
        let embed = Embed(
            title: String("\(event.target.name): \(Self.headline(event))".prefix(256)),
            description: String(event.summary.prefix(4096)),
            url: event.target.url.hasPrefix("http") ? event.target.url : nil,
            color: Self.color(event.after.verdict), fields: Array(fields),
            timestamp: Self.iso8601(event.occurredAt))
        let content = String("\(Self.symbol(event.after.verdict)) xcheck: \(event.target.name) is \(Self.label(event.after.verdict))".prefix(2000))
        return Array(try Self.encoder.encode(Body(content: content, embeds: [embed])))
    }

    /// `is now <after> (was <before>)`, naming the changed regions when the overall verdict stayed.
    static func headline(_ event: AlertEvent) -> String {
        if event.before.verdict != event.after.verdict {
            return "now \(Self.label(event.after.verdict)) (was \(Self.label(event.before.verdict)))"
        }
        let regions = event.changes.map { "\($0.region) \(Self.label($0.before)) → \(Self.label($0.after))" }
        return "\(Self.label(event.after.verdict)); \(regions.joined(separator: ", "))"
    }

    /// One line per region of the new state, plus regions that disappeared: `eu: up → blocked` when changed,
    /// `us: up` otherwise.
    static func regionLines(_ event: AlertEvent) -> [String] {
        let names = Set(event.before.regions.map(\.region)).union(event.after.regions.map(\.region)).sorted()
        return names.map { name in
            let before = event.before[name]
            let after = event.after[name]
            return before == after ? "\(name): \(Self.label(after))" : "\(name): \(Self.label(before)) → \(Self.label(after))"
        }
    }

    static func label(_ verdict: OverallVerdict) -> String {
        switch verdict {
        case .up: "up"
        case .downForEveryone: "down for everyone"
        case .blockedForYou: "blocked for you"
        case .blockedInSomeRegions: "blocked in some regions"
        case .accountProblem: "an account problem"
        case .inconclusive: "inconclusive"
        }
    }

    static func label(_ verdict: RegionVerdict?) -> String {
        switch verdict {
        case .up: "up"
        case .down: "down"
        case .blocked: "blocked"
        case .accountProblem: "account problem"
        case .inconclusive: "inconclusive"
        case nil: "not checked"
        }
    }

    static func symbol(_ verdict: OverallVerdict) -> String {
        switch verdict {
        case .up: "🟢"
        case .downForEveryone, .blockedForYou, .blockedInSomeRegions: "🔴"
        case .accountProblem: "🟠"
        case .inconclusive: "⚪"
        }
    }

    static func color(_ verdict: OverallVerdict) -> Int {
        switch verdict {
        case .up: 0x2ECC71
        case .downForEveryone, .blockedForYou, .blockedInSomeRegions: 0xE74C3C
        case .accountProblem: 0xE67E22
        case .inconclusive: 0x95A5A6
        }
    }

    /// `&`, `<` and `>` escaped for Telegram's HTML mode.
    static func escape(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for epoch seconds (UTC).
    static func iso8601(_ epoch: Int64) -> String { CivilDate.iso8601String(epochSeconds: epoch) }

    /// The `X-XCheck-Signature` value: `t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`.
    static func signature(secret: String, timestamp: Int64, body: [UInt8]) -> String {
        let message = Array("\(timestamp).".utf8) + body
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return "t=\(timestamp),v1=" + mac.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
