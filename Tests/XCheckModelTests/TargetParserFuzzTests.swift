import Testing

@testable import XCheckModel

@Suite("TargetParser fuzzing")
struct TargetParserFuzzTests {
    static let iterations = 20_000

    @Test("parse never crashes and every success is well-formed", .timeLimit(.minutes(1)))
    func randomURLs() {
        var inputs = FuzzInputs(rng: SplitMix64(seed: 0x5EED_0001))
        var successes = 0
        for iteration in 0..<Self.iterations {
            let url: String
            var username: String?
            var password: String?
            if inputs.rng.next() % 2 == 0 {
                url = inputs.urlish()
                if inputs.rng.next() % 4 == 0 { username = inputs.credential() }
                if inputs.rng.next() % 4 == 0 { password = inputs.credential() }
            } else {
                url = inputs.structured()
            }
            guard let parsed = try? TargetParser.parse(url: url, username: username, password: password) else {
                continue
            }
            successes += 1
            let problems = Self.problems(parsed.target)
            #expect(problems.isEmpty, "iteration \(iteration): \(url.debugDescription): \(problems)")
        }
        // The generator must reach the success paths, not only the error paths.
        #expect(successes > Self.iterations / 10, "only \(successes) successes")
    }

    static func scalars(_ s: String?) -> [Unicode.Scalar]? { TargetParserTests.scalars(s) }

    /// The properties every parsed target must have, as a list of the ones it violates.
    static func problems(_ target: ProbeTarget) -> [String] {
        var problems: [String] = []
        if !(1...65535).contains(target.port) { problems.append("port \(target.port)") }
        if target.host.isEmpty { problems.append("empty host") }
        if target.host.unicodeScalars.contains(where: { $0.properties.isWhitespace }) {
            problems.append("whitespace in host")
        }
        if !target.basePath.isEmpty, !target.basePath.hasPrefix("/") { problems.append("base path without '/'") }
        if target.basePath.unicodeScalars.last == "/" { problems.append("base path ends with '/'") }
        if target.basePath.unicodeScalars.contains("@") { problems.append("'@' in base path") }
        let login = target.playerAPIURL()
        if !login.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "#") }) {
            problems.append("raw space, '#', control or non-ASCII byte in \(login.debugDescription)")
        }
        if (target.username == nil) != (target.password == nil) { problems.append("half of the credentials") }
        return problems
    }

    @Test("explicit credentials come back exactly as given")
    func explicitCredentialsRoundTrip() throws {
        var inputs = FuzzInputs(rng: SplitMix64(seed: 0x5EED_0002))
        for iteration in 0..<Self.iterations / 4 {
            let username = inputs.credential()
            let password = inputs.credential()
            let parsed = try TargetParser.parse(
                url: "http://example.com:8080",
                username: username,
                password: password
            )
            let context = "iteration \(iteration)"
            #expect(Self.scalars(parsed.target.username) == Self.scalars(username), "\(context)")
            #expect(Self.scalars(parsed.target.password?.value) == Self.scalars(password), "\(context)")
            if password.unicodeScalars.count >= 6 {
                for warning in parsed.warnings {
                    #expect(!warning.message.contains(password), "\(context)")
                }
            }
        }
    }

    @Test("credentials percent-encoded into a pasted URL come back exactly")
    func encodedCredentialsRoundTrip() throws {
        var inputs = FuzzInputs(rng: SplitMix64(seed: 0x5EED_0003))
        for iteration in 0..<Self.iterations / 8 {
            let username = inputs.credential()
            let password = inputs.credential()
            let encodedUser = URLEncoding.percentEncode(username)
            let encodedPassword = URLEncoding.percentEncode(password)
            let context = "iteration \(iteration)"
            for url in [
                "http://h.tv:8080/get.php?username=\(encodedUser)&password=\(encodedPassword)&type=m3u",
                "http://\(encodedUser):\(encodedPassword)@h.tv:8080",
                "http://h.tv:8080/live/\(encodedUser)/\(encodedPassword)/42.ts",
            ] {
                let parsed = try TargetParser.parse(url: url)
                #expect(Self.scalars(parsed.target.username) == Self.scalars(username), "\(context)")
                #expect(Self.scalars(parsed.target.password?.value) == Self.scalars(password), "\(context)")
                #expect(parsed.target.basePath == "", "\(context)")
                #expect(
                    parsed.target.playerAPIURL()
                        == "http://h.tv:8080/player_api.php?username=\(encodedUser)&password=\(encodedPassword)",
                    "\(context)"
                )
            }
        }
    }
}

extension TargetParserFuzzTests {
    /// SplitMix64: a tiny seeded generator, so a failing fuzz case reproduces from its seed.
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

    /// Random inputs that look enough like URLs to reach every branch of the parser.
    struct FuzzInputs {
        var rng: SplitMix64

        static let fragments: [String] = [
            "http://", "https://", "HTTP://", "ftp://", "://", ":/", "//", "@", ":", "/", "?", "&", "=", "%", "#", "[",
            "]", ".", "..", "-", "_", "+", " ", "\t", "\n", "%41", "%zz", "%C3%A9", "%FF", "%2F", "::1", "xn--",
            "h.tv", "example.com", "localhost", "192.168.0.1", "8080", "80", "0", "65535", "65536", "99999",
            "username=", "password=", "u", "p", "get.php", "player_api.php", "/live/", "/movie/", "/series/",
            "/timeshift/", "123.ts", "7.m3u8", "9.mkv", "/u/p/1.ts", "type=m3u_plus", "output=ts",
        ]

        static let special: [Unicode.Scalar] = [
            "\u{200B}", "\u{200C}", "\u{200D}", "\u{200E}", "\u{200F}", "\u{2060}", "\u{FEFF}", "\u{00A0}", "\u{00AD}",
            "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2032}", "\u{3000}", "\u{0600}", "\u{0301}", "é", "ü",
            "\u{0}", "\u{7F}", "\r",
        ]

        mutating func scalar() -> Unicode.Scalar {
            while true {
                let value: UInt32
                switch self.rng.next() % 4 {
                case 0: value = UInt32.random(in: 0...0x7F, using: &self.rng)
                case 1: value = UInt32.random(in: 0x80...0x7FF, using: &self.rng)
                case 2: value = UInt32.random(in: 0x800...0xFFFF, using: &self.rng)
                default: value = UInt32.random(in: 0x10000...0x10FFFF, using: &self.rng)
                }
                if let scalar = Unicode.Scalar(value) { return scalar }
            }
        }

        /// A URL-ish string of 0 to 24 pieces.
        mutating func urlish() -> String {
            var out = ""
            for _ in 0..<Int.random(in: 0...24, using: &self.rng) {
                switch self.rng.next() % 10 {
                case 0...3:
                    out += Self.fragments.randomElement(using: &self.rng) ?? ""
                case 4, 5:
                    out.unicodeScalars.append(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &self.rng)))
                case 6:
                    out += String(Int.random(in: 0...99_999, using: &self.rng))
                case 7:
                    out.unicodeScalars.append(Self.special.randomElement(using: &self.rng) ?? "x")
                default:
                    out.unicodeScalars.append(self.scalar())
                }
            }
            return out
        }

        /// A URL built from plausible parts (scheme, userinfo, host, port, path, query), each sometimes replaced
        /// by a random piece, so that many inputs parse and the success paths get fuzzed too.
        mutating func structured() -> String {
            let schemes = ["", "http://", "https://", "HTTP://", "//"]
            let hosts = ["h.tv", "Example.COM", "127.0.0.1", "[::1]", "[2001:db8::1]", "xn--bcher-kva.de", "a-b.c"]
            let paths = ["", "/", "/panel", "/get.php", "/player_api.php", "/live/u/p/1.ts", "/u/p/2.m3u8", "/a//b/"]
            var out = self.pick(schemes)
            let credentials = self.rng.next() % 3
            if credentials == 0 { out += self.part(self.credential()) + ":" + self.part(self.credential()) + "@" }
            out += self.pick(hosts)
            if self.rng.next() % 2 == 0 {
                out += ":" + self.mutate(String(Int.random(in: 0...70_000, using: &self.rng)))
            }
            out += self.mutate(self.pick(paths))
            if credentials == 1 {
                out += "?username=" + self.part(self.credential()) + "&password=" + self.part(self.credential())
            }
            return out
        }

        private mutating func pick(_ options: [String]) -> String { options.randomElement(using: &self.rng) ?? "" }

        /// The value as it is (most of the time) or replaced by random URL-ish text.
        private mutating func mutate(_ value: String) -> String {
            self.rng.next() % 8 == 0 ? self.urlish() : value
        }

        /// The value percent-encoded (most of the time), raw, or replaced by random URL-ish text.
        private mutating func part(_ value: String) -> String {
            switch self.rng.next() % 8 {
            case 0: value
            case 1: self.urlish()
            default: URLEncoding.percentEncode(value)
            }
        }

        /// A non-empty string of random scalars, biased to the characters the parser cares about.
        mutating func credential() -> String {
            var out = ""
            for _ in 0..<Int.random(in: 1...10, using: &self.rng) {
                switch self.rng.next() % 4 {
                case 0: out.unicodeScalars.append(Self.special.randomElement(using: &self.rng) ?? "x")
                case 1: out.unicodeScalars.append(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &self.rng)))
                default: out.unicodeScalars.append(self.scalar())
                }
            }
            return out
        }
    }
}
