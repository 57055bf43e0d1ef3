import Foundation
import Testing
import XCheckTestSupport

/// The shared `XCheckTestSupport.JSONValue` keeps JSON's types apart (a `true` is never a number, `1` never a
/// Bool) and its inspection members answer exactly what the CLI and check-command contract tests ask of them.
@Suite("JSONValue (test support)")
struct JSONValueTests {
    /// One JSON text and what each inspection member must say about it.
    struct Case: Sendable, CustomTestStringConvertible {
        var json: String
        var isNull = false
        var isBool = false
        var isNumber = false
        var isInteger = false
        var number: Double? = nil
        var keys: Set<String>? = nil

        var testDescription: String { self.json }
    }

    static let cases: [Case] = [
        Case(json: "null", isNull: true),
        Case(json: "true", isBool: true),
        Case(json: "false", isBool: true),
        Case(json: "0", isNumber: true, isInteger: true, number: 0),
        Case(json: "200", isNumber: true, isInteger: true, number: 200),
        Case(json: "200.0", isNumber: true, isInteger: true, number: 200),
        Case(json: "-3", isNumber: true, isInteger: true, number: -3),
        Case(json: "1.5", isNumber: true, number: 1.5),
        Case(json: "1e20", isNumber: true, isInteger: true, number: 1e20),
        Case(json: #""1""#),
        Case(json: "[1, 2]"),
        Case(json: "{}", keys: []),
        Case(json: #"{"a": 1, "b": null}"#, keys: ["a", "b"]),
    ]

    @Test("inspection members", arguments: Self.cases)
    func inspection(_ row: Case) throws {
        let value = try JSONValue(parsing: row.json)
        #expect(value.isNull == row.isNull)
        #expect(value.isBool == row.isBool)
        #expect(value.isNumber == row.isNumber)
        #expect(value.isInteger == row.isInteger)
        #expect(value.number == row.number)
        #expect(value.keys == row.keys)
    }

    /// `.number(x)` is the value the decoder makes of the text of `x`, so tests can compare decoded documents
    /// with number literals whether the producer wrote `4` or `4.0`.
    @Test("number(_:) equals the decoded number", arguments: [
        ("4", 4.0), ("4.0", 4.0), ("4102444800", 4_102_444_800), ("-7", -7), ("2.5", 2.5), ("1e20", 1e20),
    ])
    func numberMatchesDecoding(_ text: String, _ value: Double) throws {
        #expect(try JSONValue(parsing: text) == .number(value))
    }

    @Test("number(_:) never equals another number, a Bool or a string")
    func numberDiffers() throws {
        #expect(try JSONValue(parsing: "4") != .number(5))
        #expect(try JSONValue(parsing: "4.5") != .number(4))
        #expect(try JSONValue(parsing: "true") != .number(1))
        #expect(try JSONValue(parsing: #""4""#) != .number(4))
    }

    @Test("parsing text and parsing its bytes agree; malformed text throws")
    func parsingText() throws {
        let text = #"{"outcome": "ok", "http_status": 200, "account": null, "advice": ["x"]}"#
        let value = try JSONValue(parsing: text)
        #expect(value == (try JSONValue(parsing: Data(text.utf8))))
        #expect(value["outcome"]?.string == "ok")
        #expect(value["http_status"] == .number(200))
        #expect(value["advice"]?.array == [.string("x")])
        #expect(value["account"]?.isNull == true)
        #expect(value["missing"] == nil)
        #expect(throws: (any Error).self) { try JSONValue(parsing: "{\"a\": ") }
    }
}
