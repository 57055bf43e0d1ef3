import Foundation
import Testing
import XCheckModel

/// Keeps docs/taxonomy.md honest: every outcome has its own section, every input warning code is explained,
/// and no section describes a code that no longer exists.
@Suite("docs/taxonomy.md")
struct TaxonomyDocumentationTests {
    /// Where the document lives, relative to the package root.
    static let relativePath = "docs/taxonomy.md"

    /// The package roots to look in, in order: three directories up from this file
    /// (Tests/XCheckModelTests/<file>), then `XCHECK_PACKAGE_ROOT` (for builds where this file is reached
    /// through a symlink from another package).
    static func candidateRoots(filePath: String = #filePath) -> [URL] {
        var roots = [
            URL(fileURLWithPath: filePath)
                .deletingLastPathComponent()  // XCheckModelTests
                .deletingLastPathComponent()  // Tests
                .deletingLastPathComponent()  // the package root
        ]
        if let root = ProcessInfo.processInfo.environment["XCHECK_PACKAGE_ROOT"], !root.isEmpty {
            roots.append(URL(fileURLWithPath: root, isDirectory: true))
        }
        return roots
    }

    /// The document's text, or nil when it is in none of the candidate roots.
    static let document: String? = {
        for root in Self.candidateRoots() {
            let url = root.appendingPathComponent(Self.relativePath)
            if let data = FileManager.default.contents(atPath: url.path) {
                return String(decoding: data, as: UTF8.self)
            }
        }
        return nil
    }()

    /// The text, or a recorded failure that says where it was looked for.
    static func requireDocument() throws -> String {
        let places = Self.candidateRoots().map { $0.appendingPathComponent(Self.relativePath).path }
        return try #require(
            Self.document,
            "\(Self.relativePath) not found; looked in \(places.joined(separator: ", ")) (set XCHECK_PACKAGE_ROOT to the package root)"
        )
    }

    /// The lines of the document, without line terminators or trailing whitespace.
    static func lines(of text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { line in
            var end = line.endIndex
            while end > line.startIndex, line[line.index(before: end)].isWhitespace {
                end = line.index(before: end)
            }
            return line[..<end]
        }
    }

    /// The names of the code headings: "### `name`" lines (the text between the first two backticks).
    static func codeHeadings(in text: String) -> [String] {
        Self.lines(of: text).compactMap { line -> String? in
            guard line.hasPrefix("### `") else { return nil }
            let rest = line.dropFirst("### `".count)
            guard let close = rest.firstIndex(of: "`") else { return String(rest) }
            return String(rest[..<close])
        }
    }

    @Test("each outcome has exactly one ### `code` section", arguments: Outcome.allCases)
    func outcomeHasSection(_ outcome: Outcome) throws {
        let text = try Self.requireDocument()
        let heading = "### `\(outcome.rawValue)`"
        let count = Self.lines(of: text).filter { $0 == heading }.count
        #expect(count == 1, "expected one line '\(heading)' in \(Self.relativePath), found \(count)")
    }

    @Test("each input warning code is explained", arguments: InputWarning.Code.allCases)
    func warningIsExplained(_ code: InputWarning.Code) throws {
        let text = try Self.requireDocument()
        let mentioned = text.contains("`\(code.rawValue)`")
        #expect(mentioned, "\(Self.relativePath) does not mention `\(code.rawValue)`")
    }

    @Test("every ### `code` heading names an existing outcome")
    func noStaleSections() throws {
        let text = try Self.requireDocument()
        let headings = Self.codeHeadings(in: text)
        #expect(!headings.isEmpty, "no ### `code` headings found in \(Self.relativePath)")
        for name in headings {
            let known = Outcome(rawValue: name) != nil
            #expect(known, "### `\(name)` in \(Self.relativePath) is not an Outcome")
        }
    }
}
