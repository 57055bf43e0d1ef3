/// The state of an Xtream line (account), as the panel reported it in `user_info.status`.
public enum AccountStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// The line may watch (also a tuliprox "Trial" line, which is flagged ``AccountInfo/isTrial``).
    case active
    /// The expiry date has passed.
    case expired
    /// Banned by the provider (XC v2: `admin_enabled = 0`).
    case banned
    /// Disabled by the provider or reseller (XC v2: `enabled = 0`).
    case disabled
    /// A status xcheck does not know (e.g. tuliprox "Pending"), or none was sent.
    case unknown

    /// Reads a panel's status text, case-insensitively and ignoring surrounding whitespace.
    /// Returns nil for an empty text; a "Trial" status is ``active`` with `isTrial` set.
    static func parse(panelText text: String) -> (status: AccountStatus, isTrial: Bool)? {
        switch ByteText.asciiLowercased(ByteText.trimmed(text)) {
        case "": return nil
        case "active": return (.active, false)
        case "trial": return (.active, true)
        case "expired": return (.expired, false)
        case "banned": return (.banned, false)
        case "disabled": return (.disabled, false)
        default: return (.unknown, false)
        }
    }
}
