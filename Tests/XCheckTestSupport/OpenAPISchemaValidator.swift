import Foundation

/// Checks JSON values against the schemas of an OpenAPI 3.1 document: the subset of JSON Schema the coordinator's
/// document uses. `$ref` (within the document), `type` (one name or a list, so `["string", "null"]` is nullable),
/// `enum`, `const`, `anyOf`, `oneOf` (exactly one option), `allOf`, `properties`/`required`,
/// `additionalProperties` (`false`, `true` or a schema), `items`, `minItems`/`maxItems`, `minimum`/`maximum`,
/// `minLength`/`maxLength`, `pattern` and `format: uuid`.
///
/// Stricter than JSON Schema in one way, on purpose, unless `strictProperties` is false: an object key that its
/// schema's `properties` does not list is reported even without `additionalProperties: false`, so every key the
/// coordinator writes is documented.
///
/// Every problem is one line: the JSON path of the value (`$.vantages[0].result.outcome`), then what was
/// expected and what was found.
public struct OpenAPISchemaValidator: Sendable {
    /// The whole document: `$ref`s resolve against it.
    public let root: JSONValue
    /// Report object keys that `properties` does not list (see the type's description).
    public var strictProperties: Bool

    public init(root: JSONValue, strictProperties: Bool = true) {
        self.root = root
        self.strictProperties = strictProperties
    }

    /// The problems of `value` against the component schema `name` (`#/components/schemas/<name>`).
    public func validate(_ value: JSONValue, component name: String, at path: String = "$") -> [String] {
        self.validate(value, .object(["$ref": .string("#/components/schemas/\(name)")]), at: path)
    }

    /// The problems of `value` against `schema`, each prefixed with the JSON path under `path`; empty when it matches.
    public func validate(_ value: JSONValue, _ schema: JSONValue, at path: String = "$") -> [String] {
        if case .bool(let allowed) = schema { return allowed ? [] : ["\(path): no value is allowed here (schema false), found \(value)"] }
        guard case .object(let keywords) = schema else { return ["\(path): the schema is not an object: \(schema)"] }
        var problems: [String] = []
        if case .string(let reference)? = keywords["$ref"] {
            guard let target = Self.pointer(reference, in: self.root) else { return ["\(path): \(reference) does not resolve"] }
            problems += self.validate(value, target, at: path)
        }
        if let options = keywords["anyOf"]?.array {
            let results = options.map { self.validate(value, $0, at: path) }
            if !results.contains(where: \.isEmpty) {
                problems.append("\(path): expected a value matching one of \(options.count) anyOf options, found \(value) (\(Self.summary(results)))")
            }
        }
        if let options = keywords["oneOf"]?.array {
            let results = options.map { self.validate(value, $0, at: path) }
            let matching = results.indices.filter { results[$0].isEmpty }
            if matching.isEmpty {
                problems.append("\(path): expected a value matching exactly one of \(options.count) oneOf options, found \(value), which matches none (\(Self.summary(results)))")
            } else if matching.count > 1 {
                problems.append("\(path): expected a value matching exactly one of \(options.count) oneOf options, found \(value), which matches options \(matching)")
            }
        }
        for option in keywords["allOf"]?.array ?? [] { problems += self.validate(value, option, at: path) }
        if let type = keywords["type"] {
            let allowed = type.array?.compactMap(\.string) ?? [type.string].compactMap { $0 }
            if value.types.isDisjoint(with: allowed) {
                return problems + ["\(path): expected type \(allowed.joined(separator: " or ")), found \(value)"]
            }
        }
        if let options = keywords["enum"]?.array, !options.contains(value) {
            problems.append("\(path): expected one of \(JSONValue.array(options)), found \(value)")
        }
        if let constant = keywords["const"], constant != value { problems.append("\(path): expected the constant \(constant), found \(value)") }

        switch value {
        case .object(let object):
            for case .string(let name) in keywords["required"]?.array ?? [] where object[name] == nil {
                problems.append("\(path): the required key '\(name)' is missing")
            }
            let properties = keywords["properties"]?.object
            let additional = keywords["additionalProperties"]
            for (key, member) in object.sorted(by: { $0.key < $1.key }) {
                if let schema = properties?[key] {
                    problems += self.validate(member, schema, at: Self.join(path, key))
                } else if additional == .bool(false) {
                    problems.append("\(path): the key '\(key)' is not allowed (additionalProperties is false; allowed: \(Self.names(properties)))")
                } else if let additional, additional.object != nil {
                    problems += self.validate(member, additional, at: Self.join(path, key))
                } else if self.strictProperties, properties != nil, additional != .bool(true) {
                    problems.append("\(path): the key '\(key)' is not documented (properties: \(Self.names(properties)))")
                }
            }
        case .array(let array):
            if let items = keywords["items"] {
                for (index, member) in array.enumerated() { problems += self.validate(member, items, at: "\(path)[\(index)]") }
            }
            if let least = keywords["minItems"]?.number, Double(array.count) < least {
                problems.append("\(path): expected at least \(Self.format(least)) items, found \(array.count)")
            }
            if let most = keywords["maxItems"]?.number, Double(array.count) > most {
                problems.append("\(path): expected at most \(Self.format(most)) items, found \(array.count)")
            }
        case .string(let text):
            let length = Double(text.unicodeScalars.count)
            if let least = keywords["minLength"]?.number, length < least {
                problems.append("\(path): expected at least \(Self.format(least)) characters, found \(text.unicodeScalars.count) in \(value)")
            }
            if let most = keywords["maxLength"]?.number, length > most {
                problems.append("\(path): expected at most \(Self.format(most)) characters, found \(text.unicodeScalars.count) in \(value)")
            }
            if keywords["format"]?.string == "uuid", !Self.isUUID(text) { problems.append("\(path): expected a UUID (format uuid), found \(value)") }
            if let pattern = keywords["pattern"]?.string {
                if let regex = try? Regex(pattern) {
                    if text.firstMatch(of: regex) == nil { problems.append("\(path): expected a string matching \(pattern), found \(value)") }
                } else {
                    problems.append("\(path): the schema's pattern \(pattern) does not compile")
                }
            }
        case .int, .double:
            let number = value.number ?? 0
            if let least = keywords["minimum"]?.number, number < least { problems.append("\(path): expected at least \(Self.format(least)), found \(value)") }
            if let most = keywords["maximum"]?.number, number > most { problems.append("\(path): expected at most \(Self.format(most)), found \(value)") }
        case .null, .bool:
            break
        }
        return problems
    }

    // MARK: - Reading the document

    /// A JSON pointer (`#/a/b`, with `~1` for `/` and `~0` for `~`) into `root`; nil if it leads nowhere.
    public static func pointer(_ reference: String, in root: JSONValue) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: JSONValue? = root
        for token in reference.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            node = node?[key]
        }
        return node
    }

    /// A node with its `$ref` followed (repeatedly); nil if a reference does not resolve or the chain is a loop.
    public static func resolved(_ node: JSONValue, in root: JSONValue) -> JSONValue? {
        var node = node
        for _ in 0..<16 {
            guard case .string(let reference)? = node["$ref"] else { return node }
            guard let target = Self.pointer(reference, in: root) else { return nil }
            node = target
        }
        return nil
    }

    // MARK: - Message helpers

    /// `path.key`, or `path["key"]` when the key is not a plain name.
    static func join(_ path: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        return plain ? "\(path).\(key)" : "\(path)[\(JSONValue.string(key))]"
    }

    static func names(_ properties: [String: JSONValue]?) -> String {
        (properties ?? [:]).keys.sorted().joined(separator: ", ")
    }

    static func summary(_ results: [[String]]) -> String {
        results.enumerated().map { "option \($0.offset): \($0.element.joined(separator: "; "))" }.joined(separator: " | ")
    }

    static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }

    /// 8-4-4-4-12 hexadecimal digits.
    static func isUUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }
}
