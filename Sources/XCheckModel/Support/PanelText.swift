/// Text a panel sends (an account message, a version, a time zone) made safe to print, store and send on:
/// control characters are removed (a NUL cannot be stored by PostgreSQL; an escape sequence would act on the
/// user's terminal), so are the bidirectional overrides that make text display in another order, and the
/// length is capped.
public enum PanelText {
    /// The most characters kept; longer text ends with "…".
    public static let maximumLength = 500

    /// `text` without control characters and bidirectional overrides, at most ``maximumLength`` characters.
    public static func cleaned(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !Self.isUnsafe(scalar) {
            scalars.append(scalar)
        }
        let clean = String(scalars)
        guard clean.count > Self.maximumLength else { return clean }
        return String(clean.prefix(Self.maximumLength - 1)) + "…"
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.generalCategory == .control { return true }
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true  // bidi embeddings, overrides, isolates, marks
        default: return false
        }
    }
}
