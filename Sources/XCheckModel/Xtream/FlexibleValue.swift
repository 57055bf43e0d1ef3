/// One JSON scalar from a panel, read whatever JSON type the panel chose: Xtream panels send the same
/// field as a string (`"1"`), an integer (`1`), a float, a boolean or null depending on the family and version.
///
/// Decoding never fails: arrays and objects become ``other``.
enum FlexibleValue: Decodable, Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    /// An array or an object.
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else {
            self = .other
        }
    }

    /// The value as a whole number: JSON integers, finite floats (truncated toward zero) and numeric strings
    /// (`"1746833038"`, `" 42 "`, `"3.0"`). Booleans, `""`, null, arrays and objects are nil.
    var integer: Int64? {
        switch self {
        case .integer(let value):
            return value
        case .number(let value):
            return Self.wholeNumber(value)
        case .string(let text):
            return Self.parseInteger(text)
        case .null, .bool, .other:
            return nil
        }
    }

    /// ``integer`` as an `Int`, nil when it does not fit.
    var int: Int? {
        self.integer.flatMap { Int(exactly: $0) }
    }

    /// The value as a flag: `true`/`false`, `1`/`0`, `"1"`/`"0"`, `"true"`/`"false"` (any case).
    /// Anything else (other numbers, `""`, null) is nil.
    var flag: Bool? {
        switch self {
        case .bool(let value):
            return value
        case .integer(let value):
            return value == 1 ? true : (value == 0 ? false : nil)
        case .number(let value):
            return value == 1 ? true : (value == 0 ? false : nil)
        case .string(let text):
            switch ByteText.asciiLowercased(ByteText.trimmed(text)) {
            case "1", "true": return true
            case "0", "false": return false
            default: return nil
            }
        case .null, .other:
            return nil
        }
    }

    /// The value as text: strings as sent but cleaned (``PanelText``; nil when empty or only whitespace), numbers
    /// in decimal.
    /// Booleans, null, arrays and objects are nil.
    var text: String? {
        switch self {
        case .string(let text):
            let clean = PanelText.cleaned(text)
            return ByteText.trimmed(clean).isEmpty ? nil : clean
        case .integer(let value):
            return String(value)
        case .number(let value):
            return value.isFinite ? String(value) : nil
        case .null, .bool, .other:
            return nil
        }
    }

    /// `value` truncated toward zero when it is finite and fits in `Int64`.
    static func wholeNumber(_ value: Double) -> Int64? {
        guard value.isFinite else { return nil }
        let truncated = value.rounded(.towardZero)
        // 2^63 is exactly representable; anything at or above it does not fit.
        guard truncated >= -9_223_372_036_854_775_808.0, truncated < 9_223_372_036_854_775_808.0 else { return nil }
        return Int64(truncated)
    }

    /// A decimal integer or decimal float in `text` (surrounding whitespace ignored), else nil.
    static func parseInteger(_ text: String) -> Int64? {
        let trimmed = ByteText.trimmed(text)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 64 else { return nil }
        if let value = Int64(trimmed) { return value }
        // Only plain decimal notation: Double(String) would also accept "nan", "inf" and hex floats.
        let allowed = trimmed.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || byte == 0x2E || byte == 0x2B || byte == 0x2D || byte == 0x65 || byte == 0x45
        }
        guard allowed, let value = Double(trimmed) else { return nil }
        return Self.wholeNumber(value)
    }
}
