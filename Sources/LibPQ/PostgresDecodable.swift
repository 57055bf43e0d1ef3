internal import CLibPQ

/// A Swift type that can be created from a result cell in text format.
public protocol PostgresDecodable: Sendable {
    /// Decodes `value`.
    /// - Throws: ``PostgresError`` with code `.decoding` when the value does not fit.
    init(postgresValue value: PostgresValue) throws
}

extension String: PostgresDecodable {
    public init(postgresValue value: PostgresValue) throws {
        self = try value.requireText(as: String.self)
    }
}

extension Int: PostgresDecodable {
    public init(postgresValue value: PostgresValue) throws {
        guard let number = Int(try value.requireText(as: Int.self)) else { throw value.decodingError(as: Int.self) }
        self = number
    }
}

extension Int64: PostgresDecodable {
    public init(postgresValue value: PostgresValue) throws {
        guard let number = Int64(try value.requireText(as: Int64.self)) else {
            throw value.decodingError(as: Int64.self)
        }
        self = number
    }
}

extension Int32: PostgresDecodable {
    public init(postgresValue value: PostgresValue) throws {
        guard let number = Int32(try value.requireText(as: Int32.self)) else {
            throw value.decodingError(as: Int32.self)
        }
        self = number
    }
}

extension Int16: PostgresDecodable {
    public init(postgresValue value: PostgresValue) throws {
        guard let number = Int16(try value.requireText(as: Int16.self)) else {
            throw value.decodingError(as: Int16.self)
        }
        self = number
    }
}

extension Bool: PostgresDecodable {
    /// Decodes `boolean`'s text format, `t` or `f`.
    public init(postgresValue value: PostgresValue) throws {
        switch try value.requireText(as: Bool.self) {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw value.decodingError(as: Bool.self)
        }
    }
}

extension Double: PostgresDecodable {
    /// Decodes `float8`, `float4` and `numeric` text, including `NaN`, `Infinity` and `-Infinity`.
    public init(postgresValue value: PostgresValue) throws {
        let text = try value.requireText(as: Double.self)
        switch text {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let number = Double(text) else { throw value.decodingError(as: Double.self) }
            self = number
        }
    }
}

extension Float: PostgresDecodable {
    /// As for `Double`.
    public init(postgresValue value: PostgresValue) throws {
        self = Float(try Double(postgresValue: value))
    }
}

extension Array: PostgresDecodable where Element == UInt8 {
    /// Decodes `bytea` in hex format (`\x...`, the server default) or, through `PQunescapeBytea`, escape format.
    public init(postgresValue value: PostgresValue) throws {
        let text = try value.requireText(as: [UInt8].self)
        let utf8 = Array<UInt8>(text.utf8)
        if utf8.count >= 2 && utf8[0] == UInt8(ascii: "\\") && utf8[1] == UInt8(ascii: "x") {
            guard let bytes = Self.decodeHex(utf8[2...]) else { throw value.decodingError(as: [UInt8].self) }
            self = bytes
            return
        }
        var length = 0
        let decoded: [UInt8]? = text.withCString { pointer in
            pointer.withMemoryRebound(to: UInt8.self, capacity: utf8.count + 1) { bytes in
                guard let unescaped = PQunescapeBytea(bytes, &length) else { return nil }
                defer { PQfreemem(unescaped) }
                return Array(UnsafeBufferPointer(start: unescaped, count: length))
            }
        }
        guard let decoded else { throw value.decodingError(as: [UInt8].self) }
        self = decoded
    }

    private static func decodeHex(_ digits: ArraySlice<UInt8>) -> [UInt8]? {
        func nibble(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        guard digits.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(digits.count / 2)
        var index = digits.startIndex
        while index < digits.endIndex {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    /// Decodes NULL as `nil` and anything else as `Wrapped`.
    public init(postgresValue value: PostgresValue) throws {
        if value.isNull {
            self = .none
        } else {
            self = .some(try Wrapped(postgresValue: value))
        }
    }
}
