/// A Swift value that can be bound to a statement parameter (`$1`, `$2`, ...).
///
/// Parameters always travel separately from the SQL text; nothing is ever interpolated into a statement.
public protocol PostgresBindable: Sendable {
    /// The value in PostgreSQL's text format, or `.null`.
    var postgresData: PostgresData { get }
}

extension String: PostgresBindable {
    public var postgresData: PostgresData { .text(self) }
}

extension Substring: PostgresBindable {
    public var postgresData: PostgresData { .text(String(self)) }
}

extension Int: PostgresBindable {
    public var postgresData: PostgresData { .text(String(self)) }
}

extension Int64: PostgresBindable {
    public var postgresData: PostgresData { .text(String(self)) }
}

extension Int32: PostgresBindable {
    public var postgresData: PostgresData { .text(String(self)) }
}

extension Int16: PostgresBindable {
    public var postgresData: PostgresData { .text(String(self)) }
}

extension Bool: PostgresBindable {
    /// `true` or `false`.
    public var postgresData: PostgresData { .text(self ? "true" : "false") }
}

extension Double: PostgresBindable {
    /// The shortest text that reads back as the same `Double`; `NaN`, `Infinity`, `-Infinity` for the specials.
    public var postgresData: PostgresData {
        if self.isNaN { return .text("NaN") }
        if self.isInfinite { return .text(self < 0 ? "-Infinity" : "Infinity") }
        return .text(self.description)
    }
}

extension Float: PostgresBindable {
    /// As for `Double`.
    public var postgresData: PostgresData { Double(self).postgresData }
}

extension Array: PostgresBindable where Element == UInt8 {
    /// `bytea` in hex format, `\x` followed by two hex digits per byte.
    public var postgresData: PostgresData {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(2 + self.count * 2)
        text.append(UInt8(ascii: "\\"))
        text.append(UInt8(ascii: "x"))
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return .text(String(decoding: text, as: UTF8.self))
    }
}

extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    /// The wrapped value, or `.null`.
    public var postgresData: PostgresData {
        switch self {
        case .some(let value): value.postgresData
        case .none: .null
        }
    }
}
