/// Finds characters in a username or password that players send as they are but that the user most likely did
/// not mean to type: invisible characters, typographic ("smart") quotes and surrounding whitespace. It only
/// reports them; the value is never changed. Messages name the position and the code point, never the value.
enum CredentialScanner {
    /// Invisible characters that survive copy and paste: zero-width characters, direction marks, the word
    /// joiner, the byte-order mark, the no-break space and the soft hyphen.
    static let invisibleNames: [UInt32: String] = [
        0x200B: "ZERO WIDTH SPACE",
        0x200C: "ZERO WIDTH NON-JOINER",
        0x200D: "ZERO WIDTH JOINER",
        0x200E: "LEFT-TO-RIGHT MARK",
        0x200F: "RIGHT-TO-LEFT MARK",
        0x2060: "WORD JOINER",
        0xFEFF: "ZERO WIDTH NO-BREAK SPACE",
        0x00A0: "NO-BREAK SPACE",
        0x00AD: "SOFT HYPHEN",
    ]

    /// Typographic quotes and primes that editors and phone keyboards put in place of `'` and `"`.
    static let smartQuoteNames: [UInt32: String] = [
        0x2018: "LEFT SINGLE QUOTATION MARK",
        0x2019: "RIGHT SINGLE QUOTATION MARK",
        0x201A: "SINGLE LOW-9 QUOTATION MARK",
        0x201B: "SINGLE HIGH-REVERSED-9 QUOTATION MARK",
        0x201C: "LEFT DOUBLE QUOTATION MARK",
        0x201D: "RIGHT DOUBLE QUOTATION MARK",
        0x201E: "DOUBLE LOW-9 QUOTATION MARK",
        0x201F: "DOUBLE HIGH-REVERSED-9 QUOTATION MARK",
        0x2032: "PRIME",
        0x2033: "DOUBLE PRIME",
    ]

    /// True for the invisible characters xcheck warns about.
    static func isInvisible(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x200B...0x200F, 0x2060, 0xFEFF, 0x00A0, 0x00AD: true
        default: false
        }
    }

    /// True for the typographic quotes xcheck warns about.
    static func isSmartQuote(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x2018...0x201F, 0x2032, 0x2033: true
        default: false
        }
    }

    /// True for whitespace that counts as "surrounding whitespace": Unicode White_Space except the no-break
    /// space, which is reported as invisible instead.
    static func isEdgeWhitespace(_ c: Unicode.Scalar) -> Bool {
        c.properties.isWhitespace && !Self.isInvisible(c)
    }

    /// `U+200B ZERO WIDTH SPACE`: the code point and, when known, its name.
    static func describe(_ c: Unicode.Scalar) -> String {
        var hex = String(c.value, radix: 16, uppercase: true)
        while hex.count < 4 { hex = "0" + hex }
        let name = Self.invisibleNames[c.value] ?? Self.smartQuoteNames[c.value] ?? c.properties.name
            ?? c.properties.nameAlias
        guard let name else { return "U+\(hex)" }
        return "U+\(hex) \(name)"
    }

    /// Words for a whitespace character: "a space", "a tab", "a line break" or "whitespace U+3000 ...".
    static func describeWhitespace(_ c: Unicode.Scalar) -> String {
        switch c {
        case " ": "a space"
        case "\t": "a tab"
        case "\n", "\r": "a line break"
        default: "whitespace \(Self.describe(c))"
        }
    }

    /// The warnings for one credential, in position order. Positions are 1-based and count Unicode scalars
    /// (a zero-width joiner is its own position even though it joins the character before it).
    static func warnings(for value: String, field: InputWarning.Field) -> [InputWarning] {
        let what = field == .password ? "password" : "username"
        let scalars = Array(value.unicodeScalars)
        var warnings: [InputWarning] = []
        if let first = scalars.first, Self.isEdgeWhitespace(first) {
            warnings.append(
                InputWarning(
                    code: .surroundingWhitespace,
                    message: "the \(what) starts with \(Self.describeWhitespace(first)) (position 1); "
                        + "players send it as part of the \(what)",
                    field: field,
                    position: 1
                )
            )
        }
        for (offset, c) in scalars.enumerated() {
            let position = offset + 1
            if Self.isInvisible(c) {
                warnings.append(
                    InputWarning(
                        code: .invisibleCharacters,
                        message: "the \(what) has an invisible character \(Self.describe(c)) at position "
                            + "\(position); players send it as part of the \(what)",
                        field: field,
                        position: position
                    )
                )
            } else if Self.isSmartQuote(c) {
                warnings.append(
                    InputWarning(
                        code: .smartQuotes,
                        message: "the \(what) has a typographic quote \(Self.describe(c)) at position "
                            + "\(position); editors and phone keyboards put it in place of ' or \", and "
                            + "players send it as it is",
                        field: field,
                        position: position
                    )
                )
            }
        }
        if scalars.count > 1, let last = scalars.last, Self.isEdgeWhitespace(last) {
            warnings.append(
                InputWarning(
                    code: .surroundingWhitespace,
                    message: "the \(what) ends with \(Self.describeWhitespace(last)) (position "
                        + "\(scalars.count)); players send it as part of the \(what)",
                    field: field,
                    position: scalars.count
                )
            )
        }
        return warnings
    }
}
