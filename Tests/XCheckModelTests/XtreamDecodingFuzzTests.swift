import Testing
@testable import XCheckModel

/// Feeds random bytes and mutated real answers to the decoder and the classifier: nothing may trap,
/// and every assessment must explain itself.
@Suite("Xtream decoding fuzz")
struct XtreamDecodingFuzzTests {
    /// SplitMix64 (Steele, Lea & Flood 2014): a tiny, seeded, reproducible generator. Nested so it cannot
    /// collide with other suites' generators in this test module.
    struct SplitMix64: RandomNumberGenerator {
        private var state: UInt64

        init(seed: UInt64) { self.state = seed }

        mutating func next() -> UInt64 {
            self.state &+= 0x9E37_79B9_7F4A_7C15
            var z = self.state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Bytes that make random input look like JSON often enough to reach deep decoder paths.
    static let jsonBytes = Array(#"{}[]":,0123456789.-+eE truefalsenull\"#.utf8) + [0x0A, 0x09, 0x5C, 0x75]
    static let statuses = [200, 200, 200, 201, 204, 301, 400, 401, 403, 404, 429, 500, 503, 520, 522, 530]
    static let headerSets: [[HTTPHeader]] = [
        [],
        [HTTPHeader(name: "Content-Type", value: "application/json")],
        [HTTPHeader(name: "Content-Type", value: "text/html")],
        [HTTPHeader(name: "Server", value: "cloudflare"), HTTPHeader(name: "CF-RAY", value: "1-FRA")],
        [HTTPHeader(name: "cf-mitigated", value: "challenge")],
        [HTTPHeader(name: "Location", value: "https://u:p@x.example:8443/a?b")],
        [HTTPHeader(name: "Retry-After", value: "99999999999")],
    ]

    /// Decodes and classifies one body under a random status, headers and clock; checks the invariants.
    static func exercise(_ body: [UInt8], using generator: inout SplitMix64) {
        if let response = try? XtreamLoginResponse.decode(body) {
            // Arithmetic on absurd values must not trap either.
            let account = response.account(now: Int64(bitPattern: generator.next()))
            _ = account.hasFreeConnection
        }
        let answer = HTTPAnswer(
            status: Self.statuses[Int(generator.next() % UInt64(Self.statuses.count))],
            headers: Self.headerSets[Int(generator.next() % UInt64(Self.headerSets.count))],
            body: body,
            bodyTruncated: generator.next() % 16 == 0
        )
        let families = PanelFamily.allCases
        let assessment = LoginClassifier.assess(
            answer,
            credentialsGiven: generator.next() % 4 != 0,
            knownFamily: families[Int(generator.next() % UInt64(families.count))],
            now: Int64(bitPattern: generator.next())
        )
        #expect(!assessment.detail.isEmpty)
        if assessment.stage == .http { #expect(assessment.account == nil) }
    }

    @Test("20,000 random byte strings")
    func randomBytes() {
        var generator = SplitMix64(seed: 0x5EED_0001)
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 200)
            let jsonish = generator.next() % 2 == 0
            let body = (0..<length).map { _ -> UInt8 in
                jsonish
                    ? Self.jsonBytes[Int(generator.next() % UInt64(Self.jsonBytes.count))]
                    : UInt8(truncatingIfNeeded: generator.next())
            }
            Self.exercise(body, using: &generator)
        }
    }

    @Test("20,000 mutations of the real samples")
    func mutatedSamples() {
        var generator = SplitMix64(seed: 0x5EED_0002)
        let samples = XtreamSamples.all.map { Array($0.body.utf8) }
        let inserts = Array(#""{}[],:\0-"#.utf8)
        for _ in 0..<20_000 {
            var body = samples[Int(generator.next() % UInt64(samples.count))]
            let mutations = 1 + Int(generator.next() % 4)
            for _ in 0..<mutations where !body.isEmpty {
                let index = Int(generator.next() % UInt64(body.count))
                switch generator.next() % 6 {
                case 0:  // flip bits of one byte
                    body[index] ^= UInt8(truncatingIfNeeded: 1 << (generator.next() % 8))
                case 1:  // truncate
                    body.removeSubrange(index...)
                case 2:  // insert a quote, brace, bracket, comma, colon, backslash, digit or minus
                    body.insert(inserts[Int(generator.next() % UInt64(inserts.count))], at: index)
                case 3:  // delete a byte
                    body.remove(at: index)
                case 4:  // random byte
                    body[index] = UInt8(truncatingIfNeeded: generator.next())
                default:  // duplicate a slice
                    let end = min(body.count, index + Int(generator.next() % 32))
                    body.insert(contentsOf: body[index..<end], at: index)
                }
            }
            Self.exercise(body, using: &generator)
        }
    }

    @Test("deeply nested and oversized values")
    func pathologicalBodies() {
        var generator = SplitMix64(seed: 0x5EED_0003)
        let bodies: [[UInt8]] = [
            Array(String(repeating: "[", count: 10_000).utf8),
            Array((#"{"user_info":"# + String(repeating: #"{"a":"#, count: 2_000)).utf8),
            Array(XtreamSamples.login(#""auth":1,"exp_date":-9223372036854775808,"max_connections":9223372036854775807,"active_cons":1e308"#,
                server: #""timestamp_now":9223372036854775807"#).utf8),
            Array(XtreamSamples.login(#""auth":1,"status":"Active","exp_date":"-1e18","created_at":"1e19""#,
                server: #""timestamp_now":-9223372036854775808,"port":"99999999999999999999""#).utf8),
            Array(XtreamSamples.login(#""auth":"\ud800","status":"\u0000Active""#).utf8),
            [0xEF, 0xBB, 0xBF],
            [0xFE, 0xFF, 0x00, 0x7B, 0x00, 0x7D],
        ]
        for body in bodies {
            Self.exercise(body, using: &generator)
        }
    }

    @Test("SplitMix64 is the reference generator")
    func splitMixReference() {
        // First outputs for seed 1234567 (reference implementation by Vigna).
        var generator = SplitMix64(seed: 1_234_567)
        #expect(generator.next() == 6_457_827_717_110_365_317)
        #expect(generator.next() == 3_203_168_211_198_807_973)
    }
}
