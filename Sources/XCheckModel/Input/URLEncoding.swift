/// Percent-encoding and -decoding for the few places xcheck builds or reads URLs (RFC 3986).
public enum URLEncoding {
    /// Encodes everything except the RFC 3986 unreserved characters (ALPHA / DIGIT / "-" / "." / "_" / "~") as
    /// UTF-8 `%XX` with upper-case hex, so the result is safe as a query value or a path segment: `a&b` becomes
    /// `a%26b`, a space `%20`, `+` `%2B`, `é` `%C3%A9`.
    public static func percentEncode(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for byte in s.utf8 {
            if Self.isUnreserved(byte) {
                out.append(byte)
            } else {
                Self.appendEscape(byte, to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` sequences. A `%` not followed by two hex digits is kept as it is, and `+` stays `+` (it is
    /// not a space). Returns nil when the decoded bytes are not valid UTF-8.
    public static func percentDecode(_ s: some StringProtocol) -> String? {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "%"), i + 2 < bytes.count,
                let high = Self.hexValue(bytes[i + 1]), let low = Self.hexValue(bytes[i + 2])
            {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(byte)
                i += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    /// Encodes the characters that may not appear raw in a URL path (spaces, non-ASCII, `"`, `<`, `#`, `?`...),
    /// keeping `/`, the RFC 3986 `pchar` characters and `%XX` sequences that are already encoded.
    static func encodePath(_ s: String) -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for (i, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "%") {
                let isEscape = i + 2 < bytes.count && Self.hexValue(bytes[i + 1]) != nil
                    && Self.hexValue(bytes[i + 2]) != nil
                if isEscape { out.append(byte) } else { Self.appendEscape(byte, to: &out) }
            } else if Self.isUnreserved(byte) || Self.isPathSymbol(byte) {
                out.append(byte)
            } else {
                Self.appendEscape(byte, to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value of an ASCII hex digit, or nil.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// `/`, `:`, `@` and the sub-delims: the symbols a path may carry raw.
    private static func isPathSymbol(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "$"),
            UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"),
            UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="):
            true
        default:
            false
        }
    }

    private static func appendEscape(_ byte: UInt8, to out: inout [UInt8]) {
        let digits = Array("0123456789ABCDEF".utf8)
        out.append(UInt8(ascii: "%"))
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
}
