/// Small ASCII helpers for looking at response bodies as bytes, without decoding them as text
/// (a body may be any byte sequence, and may be large).
enum ByteText {
    /// ASCII whitespace: space, tab, LF, VT, FF, CR.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// `byte` with ASCII A-Z folded to a-z.
    static func lower(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
    }

    /// `text` with ASCII A-Z folded to a-z (other characters unchanged).
    static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map(Self.lower), as: UTF8.self)
    }

    /// `text` without leading and trailing ASCII whitespace.
    static func trimmed(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let range = Self.trimmedRange(bytes)
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// The range of `bytes` without a leading UTF-8 byte order mark and surrounding ASCII whitespace.
    static func trimmedRange(_ bytes: [UInt8]) -> Range<Int> {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            start = 3
        }
        var end = bytes.count
        while start < end, Self.isSpace(bytes[start]) { start += 1 }
        while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
        return start..<end
    }

    /// True when `bytes` holds nothing but whitespace (or a byte order mark).
    static func isBlank(_ bytes: [UInt8]) -> Bool {
        Self.trimmedRange(bytes).isEmpty
    }

    /// The first byte after a byte order mark and whitespace, or nil for a blank body.
    static func firstSignificantByte(_ bytes: [UInt8]) -> UInt8? {
        let range = Self.trimmedRange(bytes)
        return range.isEmpty ? nil : bytes[range.lowerBound]
    }

    /// The first offset at or after `from` where `needle` occurs in `haystack`, ASCII case-insensitively
    /// when `ignoringCase` is true.
    static func firstIndex(of needle: String, in haystack: [UInt8], from: Int = 0, ignoringCase: Bool = true) -> Int? {
        let pattern = ignoringCase ? Array(needle.utf8).map(Self.lower) : Array(needle.utf8)
        guard !pattern.isEmpty else { return from <= haystack.count ? from : nil }
        guard from >= 0, haystack.count - from >= pattern.count else { return nil }
        let first = pattern[0]
        var index = from
        let last = haystack.count - pattern.count
        while index <= last {
            let byte = ignoringCase ? Self.lower(haystack[index]) : haystack[index]
            if byte == first {
                var matched = true
                var offset = 1
                while offset < pattern.count {
                    let other = ignoringCase ? Self.lower(haystack[index + offset]) : haystack[index + offset]
                    if other != pattern[offset] {
                        matched = false
                        break
                    }
                    offset += 1
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }

    /// True when `needle` occurs in `haystack` (ASCII case-insensitively unless told otherwise).
    static func contains(_ needle: String, in haystack: [UInt8], ignoringCase: Bool = true) -> Bool {
        Self.firstIndex(of: needle, in: haystack, ignoringCase: ignoringCase) != nil
    }

    /// True when `word` occurs in `haystack` exactly (case-sensitive) and is not part of a longer
    /// identifier: the bytes around it are not ASCII letters, digits or `_`.
    static func containsWord(_ word: String, in haystack: [UInt8]) -> Bool {
        let length = word.utf8.count
        var from = 0
        while let index = Self.firstIndex(of: word, in: haystack, from: from, ignoringCase: false) {
            let before = index > 0 ? haystack[index - 1] : 0x20
            let after = index + length < haystack.count ? haystack[index + length] : 0x20
            if !Self.isIdentifierByte(before) && !Self.isIdentifierByte(after) {
                return true
            }
            from = index + 1
        }
        return false
    }

    /// ASCII letters, digits and `_`.
    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        let folded = Self.lower(byte)
        return (folded >= 0x61 && folded <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
    }
}
