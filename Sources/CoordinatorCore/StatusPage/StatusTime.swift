import XCheckModel

/// Times on the status page: ISO 8601 for `<time datetime>`, UTC for reading, and "5 min ago".
enum StatusTime {
    /// "2026-11-05T10:30:00Z".
    static func iso(_ epoch: Int64) -> String { CivilDate.iso8601String(epochSeconds: epoch) }

    /// "2026-11-05 10:30 UTC".
    static func readable(_ epoch: Int64) -> String {
        CivilDate.dateTimeString(epochSeconds: epoch)
    }

    /// "10:30" (UTC).
    static func clock(_ epoch: Int64) -> String {
        let seconds = epoch - CivilDate.floorDiv(epoch, 86_400) * 86_400
        return "\(Self.pad(seconds / 3600)):\(Self.pad(seconds % 3600 / 60))"
    }

    /// "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago".
    static func relative(_ epoch: Int64, now: Int64) -> String {
        let age = now - epoch
        switch age {
        case ..<1: return "just now"
        case ..<60: return "\(age) s ago"
        case ..<3600: return "\(age / 60) min ago"
        case ..<86_400: return "\(age / 3600) h ago"
        default: return "\(age / 86_400) d ago"
        }
    }

    /// `<time datetime="…">2026-11-05 10:30 UTC</time> (5 min ago)`.
    static func html(_ epoch: Int64, now: Int64) -> String {
        "<time datetime=\"\(Self.iso(epoch))\">\(Self.readable(epoch))</time> (\(Self.relative(epoch, now: now)))"
    }

    static func pad(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
