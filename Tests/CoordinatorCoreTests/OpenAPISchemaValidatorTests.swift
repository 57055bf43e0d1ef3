@testable import CoordinatorCore
import Foundation
import Testing
import XCheckTestSupport

/// The schema validator the OpenAPI tests rely on (`XCheckTestSupport.OpenAPISchemaValidator`) must be able to
/// fail: wrong bodies against the served document's schemas, and small inline schemas, give exactly the
/// problems listed here (the JSON path and what was expected).
@Suite("OpenAPI schema validator")
struct OpenAPISchemaValidatorTests {
    /// One body against one schema, and every problem it must produce (none: it must pass).
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// A component of the document (`#/components/schemas/<name>`), or an inline schema as JSON text.
        var schema: Schema
        var body: String
        var problems: [String]

        enum Schema: Sendable {
            case component(String)
            case inline(String)
        }

        var testDescription: String { self.name }
    }

    static let uuid = "9b1d4c3a-7e2f-4b6d-a1c8-3f5e7d9b2c10"

    static let cases: [Case] = [
        // Against the document's own schemas.
        Case(name: "a valid health answer", schema: .component("HealthStatus"), body: #"{"status": "ok", "database": "up"}"#, problems: []),
        Case(
            name: "a member of the wrong type", schema: .component("HealthStatus"), body: #"{"status": "ok", "database": 5}"#,
            problems: ["$.database: expected type string, found 5"]),
        Case(
            name: "a missing required key", schema: .component("HealthStatus"), body: #"{"status": "ok"}"#,
            problems: ["$: the required key 'database' is missing"]),
        Case(
            name: "a value outside the enum", schema: .component("HealthStatus"), body: #"{"status": "fine", "database": "up"}"#,
            problems: [#"$.status: expected one of ["ok","unavailable"], found "fine""#]),
        Case(
            name: "an undocumented key", schema: .component("HealthStatus"), body: #"{"status": "ok", "database": "up", "uptime": 3}"#,
            problems: ["$: the key 'uptime' is not documented (properties: database, status)"]),
        Case(
            name: "not an object at all", schema: .component("HealthStatus"), body: #"["ok"]"#,
            problems: [#"$: expected type object, found ["ok"]"#]),
        Case(
            name: "a nested value that is not a UUID", schema: .component("AgentResultAck"),
            body: #"{"accepted": ["\#(uuid)"], "duplicates": ["\#(uuid)", "result-1"]}"#,
            problems: [#"$.duplicates[1]: expected a UUID (format uuid), found "result-1""#]),
        Case(
            name: "additionalProperties false", schema: .component("AlertRequest"),
            body: #"{"kind": "webhook", "url": "https://hooks.example.net/x", "secret": "y"}"#,
            problems: ["$: the key 'secret' is not allowed (additionalProperties is false; allowed: bot_token, chat_id, kind, name, sign, target_id, url)"]),
        Case(
            name: "a $ref to an enum component", schema: .component("AlertRequest"), body: #"{"kind": "pager"}"#,
            problems: [#"$.kind: expected one of ["webhook","telegram","discord"], found "pager""#]),
        Case(
            name: "a nullable member given null and a wrong type", schema: .component("AlertDocument"),
            body: #"{"id": 1, "name": "n", "kind": "webhook", "target_id": "7", "destination": "d", "signed": false, "created_at": 1}"#,
            problems: [#"$.target_id: expected type integer or null, found "7""#]),
        Case(
            name: "a nullable member given null", schema: .component("AlertDocument"),
            body: #"{"id": 1, "name": "n", "kind": "webhook", "target_id": null, "destination": "d", "signed": false, "created_at": 1}"#,
            problems: []),
        Case(
            name: "below a minimum", schema: .component("AlertDocument"),
            body: #"{"id": 0, "name": "n", "kind": "webhook", "target_id": null, "destination": "d", "signed": false, "created_at": 1}"#,
            problems: ["$.id: expected at least 1, found 0"]),
        // Inline schemas for the remaining keywords.
        Case(
            name: "above a maximum", schema: .inline(#"{"type": "integer", "minimum": 60, "maximum": 86400}"#), body: "86401",
            problems: ["$: expected at most 86400, found 86401"]),
        Case(
            name: "a fraction where an integer is expected", schema: .inline(#"{"type": "integer"}"#), body: "1.5",
            problems: ["$: expected type integer, found 1.5"]),
        Case(
            name: "too short and too long", schema: .inline(#"{"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 3}}"#),
            body: #"["", "abcd", "ab"]"#,
            problems: [#"$[0]: expected at least 1 characters, found 0 in """#, #"$[1]: expected at most 3 characters, found 4 in "abcd""#]),
        Case(
            name: "too many items, one of the wrong type", schema: .inline(#"{"type": "array", "maxItems": 2, "items": {"type": "integer"}}"#),
            body: #"[1, "two", 3]"#,
            problems: [#"$[1]: expected type integer, found "two""#, "$: expected at most 2 items, found 3"]),
        Case(
            name: "oneOf matching none", schema: .inline(#"{"oneOf": [{"type": "string"}, {"type": "null"}]}"#), body: "5",
            problems: [
                "$: expected a value matching exactly one of 2 oneOf options, found 5, which matches none (option 0: $: expected type string, found 5 | option 1: $: expected type null, found 5)"
            ]),
        Case(
            name: "oneOf matching two", schema: .inline(#"{"oneOf": [{"type": "integer"}, {"type": "number"}]}"#), body: "5",
            problems: ["$: expected a value matching exactly one of 2 oneOf options, found 5, which matches options [0, 1]"]),
        Case(
            name: "anyOf matching none", schema: .inline(##"{"anyOf": [{"$ref": "#/components/schemas/Stage"}, {"type": "null"}]}"##), body: #""warp""#,
            problems: [
                #"$: expected a value matching one of 2 anyOf options, found "warp" (option 0: $: expected one of ["dns","connect","tls","http","login"], found "warp" | option 1: $: expected type null, found "warp")"#
            ]),
        Case(
            name: "allOf", schema: .inline(#"{"allOf": [{"type": "string"}, {"minLength": 2}]}"#), body: #""a""#,
            problems: [#"$: expected at least 2 characters, found 1 in "a""#]),
        Case(
            name: "const", schema: .inline(#"{"const": 1}"#), body: "2",
            problems: ["$: expected the constant 1, found 2"]),
        Case(
            name: "pattern", schema: .inline(#"{"type": "string", "pattern": "^[a-z]+$"}"#), body: #""eu west""#,
            problems: [#"$: expected a string matching ^[a-z]+$, found "eu west""#]),
        Case(
            name: "a key that is not a plain name", schema: .inline(#"{"type": "object", "additionalProperties": {"type": "integer"}}"#),
            body: #"{"a b": "x"}"#,
            problems: [#"$["a b"]: expected type integer, found "x""#]),
        Case(
            name: "a $ref that does not resolve", schema: .inline(##"{"$ref": "#/components/schemas/Nothing"}"##), body: "{}",
            problems: ["$: #/components/schemas/Nothing does not resolve"]),
    ]

    static func document() throws -> JSONValue {
        try JSONValue(parsing: Data(OpenAPIDocument.json.utf8))
    }

    @Test("reports exactly the expected problems", arguments: Self.cases)
    func problems(_ testCase: Case) throws {
        let root = try Self.document()
        let validator = OpenAPISchemaValidator(root: root)
        let body = try JSONValue(parsing: Data(testCase.body.utf8))
        let problems: [String]
        switch testCase.schema {
        case .component(let name):
            #expect(root["components"]?["schemas"]?[name] != nil, "no component \(name)")
            problems = validator.validate(body, component: name)
        case .inline(let text):
            problems = validator.validate(body, try JSONValue(parsing: Data(text.utf8)))
        }
        #expect(problems == testCase.problems)
    }

    @Test("an undocumented key is accepted only when strictness is turned off")
    func lenient() throws {
        let body = try JSONValue(parsing: Data(#"{"status": "ok", "database": "up", "uptime": 3}"#.utf8))
        let root = try Self.document()
        #expect(!OpenAPISchemaValidator(root: root).validate(body, component: "HealthStatus").isEmpty)
        #expect(OpenAPISchemaValidator(root: root, strictProperties: false).validate(body, component: "HealthStatus").isEmpty)
    }

    @Test("a corrupted copy of the document makes a correct body fail, at the corrupted place")
    func corruptedDocument() throws {
        let root = try Self.document()
        let body = try JSONValue(parsing: Data(#"{"status": "ok", "database": "up"}"#.utf8))
        #expect(OpenAPISchemaValidator(root: root).validate(body, component: "HealthStatus").isEmpty)
        let corrupted = root.setting(["components", "schemas", "HealthStatus", "properties", "database", "type"], to: .string("integer"))
        #expect(OpenAPISchemaValidator(root: corrupted).validate(body, component: "HealthStatus") == [#"$.database: expected type integer, found "up""#])
    }
}
