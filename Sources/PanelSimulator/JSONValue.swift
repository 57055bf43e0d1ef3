/// A JSON document with ordered object keys, rendered with a chosen server's escaping habits.
indirect enum JSONValue {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// How a server's JSON encoder escapes strings.
    enum Style {
        /// PHP's `json_encode` defaults: `/` as `\/`, non-ASCII as `\uXXXX`.
        case php
        /// PHP with `JSON_UNESCAPED_SLASHES`: non-ASCII as `\uXXXX`, `/` as is.
        case phpUnescapedSlashes
        /// serde_json and most other encoders: only quotes, backslashes and control characters escaped.
        case minimal
    }

    static func string(_ value: String?) -> JSONValue {
        value.map { .string($0) } ?? .null
    }

    static func int(_ value: Int) -> JSONValue {
        .int(Int64(value))
    }

    func rendered(_ style: Style) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(1024)
        render(into: &output, style: style)
        return output
    }

    private func render(into output: inout [UInt8], style: Style) {
        switch self {
        case .string(let value):
            Self.renderString(value, into: &output, style: style)
        case .int(let value):
            output.append(contentsOf: String(value).utf8)
        case .bool(let value):
            output.append(contentsOf: (value ? "true" : "false").utf8)
        case .null:
            output.append(contentsOf: "null".utf8)
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                value.render(into: &output, style: style)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.renderString(key, into: &output, style: style)
                output.append(UInt8(ascii: ":"))
                value.render(into: &output, style: style)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func appendUnicodeEscape(_ unit: UInt16, into output: inout [UInt8]) {
        output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) {
            output.append(hexDigits[Int((unit >> UInt16(shift)) & 0xF)])
        }
    }

    private static func renderString(_ value: String, into output: inout [UInt8], style: Style) {
        output.append(UInt8(ascii: "\""))
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output.append(contentsOf: "\\\"".utf8)
            case "\\": output.append(contentsOf: "\\\\".utf8)
            case "/":
                if case .php = style {
                    output.append(contentsOf: "\\/".utf8)
                } else {
                    output.append(UInt8(ascii: "/"))
                }
            case "\u{08}": output.append(contentsOf: "\\b".utf8)
            case "\u{0C}": output.append(contentsOf: "\\f".utf8)
            case "\n": output.append(contentsOf: "\\n".utf8)
            case "\r": output.append(contentsOf: "\\r".utf8)
            case "\t": output.append(contentsOf: "\\t".utf8)
            default:
                if scalar.value < 0x20 {
                    appendUnicodeEscape(UInt16(scalar.value), into: &output)
                } else if scalar.value < 0x80 {
                    output.append(UInt8(scalar.value))
                } else if case .minimal = style {
                    output.append(contentsOf: String(scalar).utf8)
                } else {
                    for unit in String(scalar).utf16 {
                        appendUnicodeEscape(unit, into: &output)
                    }
                }
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
