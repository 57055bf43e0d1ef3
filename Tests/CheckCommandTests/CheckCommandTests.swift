import Foundation
import Testing
import XCheckTestSupport

/// The CLI's coordinator commands (`xcheck check`, `agents`, `targets`, `history`) run as the built binary
/// against a real `xcheck-coordinator` and three real `xcheck-agent` processes on loopback, with simulated
/// panels. Enabled when XCHECK_TEST_DATABASE_URL names a PostgreSQL server (deploy/dev/test.sh starts one).
/// One lab serves the whole suite, so the suite is serialized; the nested suites live in the other files.
@Suite(
    "xcheck check and the coordinator commands, against a real coordinator and real agents",
    .serialized,
    .enabled(if: LabDatabase.isConfigured, "XCHECK_TEST_DATABASE_URL is not set"),
    .timeLimit(.minutes(10)),
    .lab
)
struct CheckCommandTests {}

/// The exit statuses `xcheck` documents.
enum Exit {
    static let up: Int32 = 0
    static let problem: Int32 = 1
    static let badInput: Int32 = 2
    static let coordinatorOrInternal: Int32 = 3
}

/// The lab of the running suite.
func currentLab() throws -> Lab {
    try #require(Lab.current, "the lab was not started (run the whole CheckCommandTests suite)")
}

/// Neither password of the suite appears in the run's output.
func expectNoSecret(_ result: CLIResult, sourceLocation: SourceLocation = #_sourceLocation) {
    for secret in [Secret.password, Secret.wrongPassword] {
        #expect(!result.allOutput.contains(secret), "a password appears in the output of\n\(result)", sourceLocation: sourceLocation)
    }
}

/// No terminal control: no escape sequence, no carriage return (the progress line redraws with "\r\u{1B}[2K").
func expectNoTerminalControl(_ result: CLIResult, sourceLocation: SourceLocation = #_sourceLocation) {
    for (name, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
        #expect(!text.contains("\u{1B}"), "an escape sequence on \(name) of\n\(result)", sourceLocation: sourceLocation)
        #expect(!text.contains("\r"), "a carriage return on \(name) of\n\(result)", sourceLocation: sourceLocation)
    }
}

/// The documented keys of the verdict document (docs/verdicts.md "JSON"): the contract of issue 5 plus the
/// documented additions. Checks every object of the document, at every level.
enum VerdictKeys {
    /// The contract of issue 5: tools outside the project rely on these.
    static let contractTop: Set<String> = ["verdict", "reason", "summary", "regions", "vantages", "confidence", "alternatives", "advice"]
    static let contractRegion: Set<String> = ["region", "verdict", "vantages"]
    static let contractVantage: Set<String> = ["name", "kind", "region", "network", "outcome", "stage", "blocking", "timings_ms"]
    static let contractConfidence: Set<String> = ["vantages", "networks"]
    static let contractAlternative: Set<String> = ["url", "outcome"]

    /// Everything docs/verdicts.md documents (the contract is a subset).
    static let top = contractTop.union(["rule", "missing"])
    static let region = contractRegion.union(["missing", "blocking", "note"])
    static let vantage = contractVantage.union(["http_status", "usable", "attempts", "confirmed", "note"])
    static let missing: Set<String> = ["name", "kind", "region", "network"]
    static let timings: Set<String> = ["dns", "connect", "tls", "first_byte", "total"]
    static let alternative = contractAlternative.union(["kind", "tried_locally", "vantages"])

    static func check(_ document: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) {
        let keys = document.keys ?? []
        #expect(contractTop.isSubset(of: keys), "contract keys missing: \(contractTop.subtracting(keys))", sourceLocation: sourceLocation)
        #expect(keys == top, "top-level keys \(keys.sorted()) differ from the documented \(top.sorted())", sourceLocation: sourceLocation)
        #expect(document["verdict"]?.string != nil, sourceLocation: sourceLocation)
        #expect(document["summary"]?.string?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(document["reason"]?.string != nil || document["reason"]?.isNull == true, sourceLocation: sourceLocation)
        for region in document["regions"]?.array ?? [] {
            #expect(region.keys == Self.region, "region keys \(region.keys?.sorted() ?? [])", sourceLocation: sourceLocation)
            #expect(region["vantages"]?.array?.allSatisfy { $0.string != nil } == true, sourceLocation: sourceLocation)
        }
        for vantage in document["vantages"]?.array ?? [] {
            #expect(vantage.keys == Self.vantage, "vantage keys \(vantage.keys?.sorted() ?? [])", sourceLocation: sourceLocation)
            #expect(vantage["timings_ms"]?.keys == Self.timings, "timings_ms keys \(vantage["timings_ms"]?.keys?.sorted() ?? [])", sourceLocation: sourceLocation)
            if case .object(let timings) = vantage["timings_ms"] {
                for (name, value) in timings {
                    #expect(value.isNull || value.isNumber, "timings_ms.\(name) is \(value)", sourceLocation: sourceLocation)
                }
            }
            let blocking = vantage["blocking"]
            #expect(blocking?.isNull == true || ["dns", "tcp_ip", "http_failure", "http_diff"].contains(blocking?.string ?? ""), sourceLocation: sourceLocation)
            #expect(vantage["stage"]?.isNull == true || vantage["stage"]?.string != nil, sourceLocation: sourceLocation)
            #expect(["agent", "local"].contains(vantage["kind"]?.string ?? ""), sourceLocation: sourceLocation)
        }
        for missing in document["missing"]?.array ?? [] {
            #expect(missing.keys == Self.missing, sourceLocation: sourceLocation)
        }
        #expect(document["confidence"]?.keys == contractConfidence, sourceLocation: sourceLocation)
        #expect(document["confidence"]?["vantages"]?.isInteger == true, sourceLocation: sourceLocation)
        #expect(document["confidence"]?["networks"]?.isInteger == true, sourceLocation: sourceLocation)
        for alternative in document["alternatives"]?.array ?? [] {
            #expect(alternative.keys == Self.alternative, "alternative keys \(alternative.keys?.sorted() ?? [])", sourceLocation: sourceLocation)
        }
        #expect(document["advice"]?.array?.allSatisfy { $0.string != nil } == true, sourceLocation: sourceLocation)
    }
}
