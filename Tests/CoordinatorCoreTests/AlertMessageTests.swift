@testable import CoordinatorCore
import Crypto
import Foundation
import Testing
import XCheckModel
import XCheckProtocol
import XCheckVerdict

/// The bodies alerts send, the destination rules, and the retry policy.
@Suite("Alert messages and delivery policy")
struct AlertMessageTests {
    static let event = AlertEvent(
        eventID: "6f1c2c1e-7a57-4c39-9b3e-2d4d7c1c9a10", occurredAt: 1_795_918_380,
        target: AlertEvent.Target(id: 7, name: "main <panel> & co", url: "http://panel.example:8080"),
        before: VerdictSnapshot(verdict: .up, regions: [.init(region: "us", verdict: .up), .init(region: "eu", verdict: .up)]),
        after: VerdictSnapshot(verdict: .blockedInSomeRegions, regions: [.init(region: "eu", verdict: .blocked), .init(region: "us", verdict: .up)]),
        rule: .regionalBlocking, reason: .notXtream, summary: "Blocked in eu (http_diff) while us reach the panel.")

    static func object(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test("the webhook body is the versioned event: id, target, before/after overall and per region, the changed regions")
    func webhook() throws {
        let json = try Self.object(try AlertMessage.webhookBody(Self.event))
        #expect(json["version"] as? Int == 1)
        #expect(json["type"] as? String == "verdict_changed")
        #expect(json["event_id"] as? String == Self.event.eventID)
        #expect(json["occurred_at"] as? Int == 1_795_918_380)
        let target = try #require(json["target"] as? [String: Any])
        #expect(target["id"] as? Int == 7 && target["name"] as? String == "main <panel> & co" && target["url"] as? String == "http://panel.example:8080")
        let before = try #require(json["before"] as? [String: Any])
        let after = try #require(json["after"] as? [String: Any])
        #expect(before["verdict"] as? String == "up")
        #expect(after["verdict"] as? String == "blocked_in_some_regions")
        // Regions sorted by name.
        #expect((after["regions"] as? [[String: Any]])?.map { "\($0["region"]!)=\($0["verdict"]!)" } == ["eu=blocked", "us=up"])
        #expect((before["regions"] as? [[String: Any]])?.map { "\($0["region"]!)=\($0["verdict"]!)" } == ["eu=up", "us=up"])
        let changes = try #require(json["changes"] as? [[String: Any]])
        #expect(changes.count == 1)
        #expect(changes.first?["region"] as? String == "eu" && changes.first?["before"] as? String == "up" && changes.first?["after"] as? String == "blocked")
        #expect(json["rule"] as? String == "regional_blocking" && json["reason"] as? String == "not_xtream")
        // Round trip.
        #expect(try JSONDecoder().decode(AlertEvent.self, from: Data(try AlertMessage.webhookBody(Self.event))) == Self.event)
    }

    @Test("Telegram: chat id, HTML text with the escaped name, the changed region, the summary; no preview")
    func telegram() throws {
        let json = try Self.object(try AlertMessage.telegramBody(Self.event, chatID: "-100123"))
        #expect(json["chat_id"] as? String == "-100123")
        #expect(json["parse_mode"] as? String == "HTML")
        #expect(json["disable_web_page_preview"] as? Bool == true)
        let text = try #require(json["text"] as? String)
        #expect(text.contains("<b>main &lt;panel&gt; &amp; co</b>"), "\(text)")
        #expect(text.contains("now blocked in some regions (was up)"), "\(text)")
        #expect(text.contains("eu: up → blocked"), "\(text)")
        #expect(text.contains("us: up\n"), "\(text)")
        #expect(text.contains(Self.event.summary))
        #expect(!text.contains("<panel>"))
    }

    @Test("Discord: content, one embed with title, description, colour, a field per region and an ISO 8601 timestamp; no mentions")
    func discord() throws {
        let json = try Self.object(try AlertMessage.discordBody(Self.event))
        #expect((json["content"] as? String)?.contains("main <panel> & co is blocked in some regions") == true, "\(json)")
        #expect((json["allowed_mentions"] as? [String: Any])?["parse"] as? [String] == [])
        let embed = try #require((json["embeds"] as? [[String: Any]])?.first)
        #expect(embed["title"] as? String == "main <panel> & co: now blocked in some regions (was up)")
        #expect(embed["description"] as? String == Self.event.summary)
        #expect(embed["color"] as? Int == 0xE74C3C)
        #expect(embed["timestamp"] as? String == "2026-11-29T02:13:00Z")
        let fields = try #require(embed["fields"] as? [[String: Any]])
        #expect(fields.map { "\($0["name"]!): \($0["value"]!)" } == ["eu: up → blocked", "us: up"])
    }

    @Test("a change of regions only is named in the headline")
    func regionOnlyHeadline() {
        var event = Self.event
        event.before = VerdictSnapshot(verdict: .blockedInSomeRegions, regions: [.init(region: "eu", verdict: .blocked), .init(region: "us", verdict: .up)])
        event.after = VerdictSnapshot(verdict: .blockedInSomeRegions, regions: [.init(region: "eu", verdict: .up), .init(region: "us", verdict: .blocked)])
        event.changes = AlertEvent.changes(from: event.before, to: event.after)
        #expect(AlertMessage.headline(event) == "blocked in some regions; eu blocked → up, us up → blocked")
    }

    @Test("ISO 8601 dates", arguments: [(Int64(0), "1970-01-01T00:00:00Z"), (951_782_400, "2000-02-29T00:00:00Z"), (1_795_918_380, "2026-11-29T02:13:00Z"), (-1, "1969-12-31T23:59:59Z")])
    func iso(_ epoch: Int64, _ text: String) {
        #expect(AlertMessage.iso8601(epoch) == text)
    }

    @Test("the signature is HMAC-SHA256 of '<timestamp>.<body>' under the secret")
    func signature() {
        let body = Array("{\"a\":1}".utf8)
        let value = AlertMessage.signature(secret: "s3cret", timestamp: 1_700_000_000, body: body)
        let expected = HMAC<SHA256>.authenticationCode(for: Array("1700000000.{\"a\":1}".utf8), using: SymmetricKey(data: Array("s3cret".utf8)))
        #expect(value == "t=1700000000,v1=" + expected.map { String(format: "%02x", $0) }.joined())
        #expect(AlertMessage.signature(secret: "other", timestamp: 1_700_000_000, body: body) != value)
    }

    @Test("no body quotes a destination (the event has none)")
    func noSecrets() throws {
        let bodies = [
            try AlertMessage.webhookBody(Self.event), try AlertMessage.telegramBody(Self.event, chatID: "42"), try AlertMessage.discordBody(Self.event),
        ].map { String(decoding: $0, as: UTF8.self) }
        for body in bodies {
            #expect(!body.contains("hooks.example.net") && !body.contains("bot123"), "\(body)")
        }
    }

    // MARK: - Destinations

    @Test("redacted destinations", arguments: [
        (AlertKind.webhook, "https://hooks.example.net/services/T000/B000/XXXX" as String?, nil as String?, "https://hooks.example.net/…"),
        (.discord, "https://discord.com/api/webhooks/123/abc-token", nil, "https://discord.com/…"),
        (.webhook, "http://127.0.0.1:9000/x?token=1", nil, "http://127.0.0.1:9000/…"),
        (.telegram, nil, "12345", "telegram chat 12345"),
    ])
    func redacted(_ kind: AlertKind, _ url: String?, _ chat: String?, _ expected: String) {
        #expect(AlertDestination.redacted(kind: kind, url: url, chatID: chat) == expected)
    }

    @Test("webhook URLs", arguments: [
        ("https://hooks.example.net/x", true), ("http://127.0.0.1:8080/", true), ("ftp://hooks.example.net/x", false),
        ("https://user:pw@hooks.example.net/x", false), ("https:///x", false), ("hooks.example.net/x", false),
        ("https://hooks.example.net/a b", false), ("", false),
    ])
    func urls(_ url: String, _ valid: Bool) {
        #expect(((try? AlertDestination.validateURL(url, kind: .webhook)) != nil) == valid, "\(url)")
    }

    @Test("Telegram bot tokens and chat ids", arguments: [
        ("123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345678", "12345", true), ("123456:short", "12345", false),
        ("abc:ABCdefGHIjklMNOpqrSTUvwxYZ012345678", "12345", false), ("123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345678", "-100987", true),
        ("123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345678", "@my_channel", true), ("123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345678", "chat", false),
    ])
    func telegramDestinations(_ token: String, _ chat: String, _ valid: Bool) {
        let ok = (try? AlertDestination.validateBotToken(token)) != nil && (try? AlertDestination.validateChatID(chat)) != nil
        #expect(ok == valid, "\(token) \(chat)")
    }

    @Test("scrub removes every secret from an error text")
    func scrub() {
        let text = AlertDestination.scrub(
            "Failed https://api.telegram.org/bot123:SECRETTOKEN/sendMessage (123:SECRETTOKEN)",
            secrets: ["https://api.telegram.org/bot123:SECRETTOKEN/sendMessage", "123:SECRETTOKEN"])
        #expect(text == "Failed <redacted> (<redacted>)")
    }

    // MARK: - Policy

    @Test("classification of an attempt", arguments: [
        (200 as Int?, "delivered"), (204, "delivered"), (429, "retry"), (500, "retry"), (503, "retry"), (408, "retry"),
        (400, "failed"), (401, "failed"), (404, "failed"), (410, "failed"), (301, "failed"), (nil, "retry"),
    ])
    func classify(_ status: Int?, _ expected: String) {
        let outcome = AlertDeliveryPolicy.classify(status: status, networkError: "connection refused", detail: "nope")
        switch outcome {
        case .delivered: #expect(expected == "delivered")
        case .retry(let error):
            #expect(expected == "retry")
            #expect(error.contains(status.map { "HTTP \($0)" } ?? "no HTTP answer: connection refused"))
        case .failed(let error):
            #expect(expected == "failed")
            #expect(error.contains("HTTP \(status!)") && error.contains("not retried") && error.contains("nope"))
        }
    }

    @Test("back-off: the delays in order, then give up; Retry-After raises a delay, within an hour more")
    func backOff() {
        let delays: [Duration] = [.seconds(30), .seconds(120), .seconds(600)]
        #expect(AlertDeliveryPolicy.nextDelay(afterAttempts: 1, delays: delays, retryAfterSeconds: nil) == .seconds(30))
        #expect(AlertDeliveryPolicy.nextDelay(afterAttempts: 2, delays: delays, retryAfterSeconds: nil) == .seconds(120))
        #expect(AlertDeliveryPolicy.nextDelay(afterAttempts: 3, delays: delays, retryAfterSeconds: nil) == .seconds(600))
        #expect(AlertDeliveryPolicy.nextDelay(afterAttempts: 4, delays: delays, retryAfterSeconds: nil) == nil)
        #expect(AlertDeliveryPolicy.nextDelay(afterAttempts: 1, delays: delays, retryAfterSeconds: 90) == .seconds(90))
        #expect(AlertDeliveryPolicy.nextDelay(afterAttempts: 1, delays: delays, retryAfterSeconds: 5) == .seconds(30))
        #expect(AlertDeliveryPolicy.nextDelay(afterAttempts: 1, delays: delays, retryAfterSeconds: 86_400) == .seconds(3630))
    }
}
