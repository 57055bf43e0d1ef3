/// Where an alert sends its events.
public enum AlertKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A JSON POST of the ``AlertEvent`` to a URL.
    case webhook
    /// A message through a Telegram bot (`sendMessage`) to a chat.
    case telegram
    /// A message with an embed to a Discord webhook URL.
    case discord
}
