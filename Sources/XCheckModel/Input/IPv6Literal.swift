/// Validation of an IPv6 address written in a URL between brackets (RFC 4291 text form, without a zone).
enum IPv6Literal {
    /// True when `text` is an IPv6 address: eight groups of 1-4 hex digits, at most one `::`, and optionally an
    /// IPv4 address in place of the last two groups (`::ffff:192.0.2.1`).
    static func isValid(_ text: String) -> Bool {
        guard !text.isEmpty, text.unicodeScalars.allSatisfy({ Self.isHex($0) || $0 == ":" || $0 == "." }) else {
            return false
        }
        let head: Substring
        let tail: Substring?
        if let range = Self.doubleColon(in: text) {
            head = text[..<range.lowerBound]
            tail = text[range.upperBound...]
            if let tail, Self.doubleColon(in: String(tail)) != nil { return false }
        } else {
            head = text[...]
            tail = nil
        }
        let headGroups = head.isEmpty ? [] : head.split(separator: ":", omittingEmptySubsequences: false)
        var tailGroups: [Substring] = []
        if let tail, !tail.isEmpty {
            tailGroups = tail.split(separator: ":", omittingEmptySubsequences: false)
        }
        let groups = headGroups + tailGroups
        var count = 0
        for (i, group) in groups.enumerated() {
            if group.contains(".") {
                // An embedded IPv4 address may only be the very last group (and not before a final "::").
                guard i == groups.count - 1, tail == nil || !tailGroups.isEmpty, Self.isIPv4(group) else {
                    return false
                }
                count += 2
            } else {
                guard (1...4).contains(group.count), group.unicodeScalars.allSatisfy(Self.isHex) else { return false }
                count += 1
            }
        }
        return tail == nil ? count == 8 : count <= 7
    }

    /// True for a dotted-quad IPv4 address with each part 0-255.
    static func isIPv4(_ text: some StringProtocol) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }),
                let value = Int(part)
            else { return false }
            return value <= 255
        }
    }

    private static func isHex(_ c: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c)
    }

    private static func doubleColon(in text: String) -> Range<String.Index>? {
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == ":", next < text.endIndex, text[next] == ":" {
                return index..<text.index(after: next)
            }
            index = next
        }
        return nil
    }
}
