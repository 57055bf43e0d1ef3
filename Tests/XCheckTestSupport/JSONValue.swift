public import Foundation

/// A JSON value, read with JSONDecoder (which keeps booleans and numbers apart): what the OpenAPI tests read
/// documents and answers into. Its `description` is compact JSON, so that a validator's message quotes the value.
public enum JSONValue: Equatable, Sendable, Codable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses JSON text (any value at the top, not only objects).
    public init(parsing data: Data) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Parses JSON text given as a string (a command's standard output, a response body).
    public init(parsing text: String) throws {
        try self.init(parsing: Data(text.utf8))
    }

    /// A JSON number as the decoder reads it: `.int` when `value` is a whole number within Int64, else `.double`.
    /// So `.number(200)` equals the value decoded from `200` or `200.0`.
    public static func number(_ value: Double) -> JSONValue {
        if value.rounded() == value, let whole = Int64(exactly: value) { return .int(whole) }
        return .double(value)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The member `key` of an object (nil for other values).
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The text of a string (nil for other values).
    public var string: String? { if case .string(let value) = self { value } else { nil } }
    /// The elements of an array (nil for other values).
    public var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    /// The members of an object (nil for other values).
    public var object: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }

    /// The object's keys; nil when this is not an object.
    public var keys: Set<String>? { if case .object(let value) = self { Set(value.keys) } else { nil } }

    /// True for JSON `null`.
    public var isNull: Bool { self == .null }

    /// True for `true` and `false` (never for a number).
    public var isBool: Bool { if case .bool = self { true } else { false } }

    /// True for any number (never for a Bool).
    public var isNumber: Bool { self.number != nil }

    /// True for a number with no fractional part.
    public var isInteger: Bool { self.number.map { $0.isFinite && $0.rounded() == $0 } ?? false }

    /// The value of a number, integer or not (nil for other values).
    public var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// The JSON Schema type names this value has.
    public var types: Set<String> {
        switch self {
        case .null: ["null"]
        case .bool: ["boolean"]
        case .int: ["integer", "number"]
        case .double(let value): value.rounded() == value ? ["integer", "number"] : ["number"]
        case .string: ["string"]
        case .array: ["array"]
        case .object: ["object"]
        }
    }

    /// A copy with the member at `keys` (a path of object keys) replaced by `value`; the path must exist but
    /// for its last key. Used to corrupt a copy of a document in tests that prove a check can fail.
    public func setting(_ keys: [String], to value: JSONValue) -> JSONValue {
        guard let first = keys.first else { return value }
        guard case .object(var object) = self else { return self }
        object[first] = (object[first] ?? .null).setting(Array(keys.dropFirst()), to: value)
        return .object(object)
    }

    /// Compact JSON with sorted keys (long values are cut at 200 characters).
    public var description: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "<unencodable>" }
        let text = String(decoding: data, as: UTF8.self)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
