import Testing

@testable import XCheckModel

@Suite("TargetParser")
struct TargetParserTests {
    static let acceptedInputs: [AcceptedInput] = [
        // Scheme-less forms.
        AcceptedInput(url: "example.com", host: "example.com", port: 80, codes: [.missingScheme]),
        AcceptedInput(url: "Example.COM:8080", host: "example.com", port: 8080, codes: [.missingScheme]),
        AcceptedInput(
            url: "host.tv:8080/panel",
            host: "host.tv",
            port: 8080,
            basePath: "/panel",
            codes: [.missingScheme]
        ),
        AcceptedInput(url: "localhost:25461", host: "localhost", port: 25461, codes: [.missingScheme]),
        AcceptedInput(url: "//h.tv:8080", host: "h.tv", port: 8080, codes: [.missingScheme]),
        AcceptedInput(url: "192.168.1.10:25461", host: "192.168.1.10", port: 25461, codes: [.missingScheme]),
        // Schemes, case-insensitive.
        AcceptedInput(url: "http://h.tv", host: "h.tv", port: 80),
        AcceptedInput(url: "HTTP://H.TV:8080", host: "h.tv", port: 8080),
        AcceptedInput(url: "HtTpS://h.tv", scheme: .https, host: "h.tv", port: 443),
        AcceptedInput(url: "https://h.tv:8443", scheme: .https, host: "h.tv", port: 8443),
        AcceptedInput(url: "http://h.tv:080", host: "h.tv", port: 80),
        AcceptedInput(url: "http://h.tv:", host: "h.tv", port: 80),
        AcceptedInput(url: "http://h.tv:65535", host: "h.tv", port: 65535),
        AcceptedInput(url: "http://example.com.", host: "example.com.", port: 80),
        // Whitespace and trailing slashes.
        AcceptedInput(url: "  http://h.tv:8080 \n", host: "h.tv", port: 8080, codes: [.surroundingWhitespace]),
        AcceptedInput(url: "\u{FEFF}http://h.tv\u{200B}", host: "h.tv", port: 80, codes: [.surroundingWhitespace]),
        AcceptedInput(url: "https://h.tv:8443/", scheme: .https, host: "h.tv", port: 8443, codes: [.trailingSlash]),
        AcceptedInput(url: "http://h.tv:8080///", host: "h.tv", port: 8080, codes: [.trailingSlash]),
        AcceptedInput(url: "http://h.tv/#", host: "h.tv", port: 80, codes: [.trailingSlash]),
        AcceptedInput(
            url: " h.tv:8080/ ",
            host: "h.tv",
            port: 8080,
            codes: [.surroundingWhitespace, .missingScheme, .trailingSlash]
        ),
        // Base paths: kept, nothing collapsed.
        AcceptedInput(url: "http://h.tv:8080/panel", host: "h.tv", port: 8080, basePath: "/panel"),
        AcceptedInput(
            url: "http://h.tv:8080/panel/",
            host: "h.tv",
            port: 8080,
            basePath: "/panel",
            codes: [.trailingSlash]
        ),
        AcceptedInput(url: "http://h.tv/a//b", host: "h.tv", port: 80, basePath: "/a//b"),
        AcceptedInput(url: "http://h.tv/a/b/c.ts", host: "h.tv", port: 80, basePath: "/a/b/c.ts"),
        AcceptedInput(url: "http://h.tv/a/b/123.html", host: "h.tv", port: 80, basePath: "/a/b/123.html"),
        AcceptedInput(url: "http://h.tv/my panel", host: "h.tv", port: 80, basePath: "/my%20panel"),
        AcceptedInput(url: "http://h.tv/x?type=m3u", host: "h.tv", port: 80, basePath: "/x"),
        // Pasted endpoints with credentials in the query.
        AcceptedInput(
            url: "http://h.tv:8080/get.php?username=u1&password=p1&type=m3u_plus&output=ts",
            host: "h.tv",
            port: 8080,
            expectedUsername: "u1",
            expectedPassword: "p1",
            codes: [.pastedEndpoint, .credentialsInURL]
        ),
        AcceptedInput(
            url: "http://h.tv:8080/panel/player_api.php?username=u1&password=p1",
            host: "h.tv",
            port: 8080,
            basePath: "/panel",
            expectedUsername: "u1",
            expectedPassword: "p1",
            codes: [.pastedEndpoint, .credentialsInURL]
        ),
        AcceptedInput(
            url: "h.tv:8080/panel_api.php?action=get_live_streams&username=u1&password=p1",
            host: "h.tv",
            port: 8080,
            expectedUsername: "u1",
            expectedPassword: "p1",
            codes: [.missingScheme, .pastedEndpoint, .credentialsInURL]
        ),
        AcceptedInput(
            url: "https://h.tv/xmltv.php?username=u1&password=p1",
            scheme: .https,
            host: "h.tv",
            port: 443,
            expectedUsername: "u1",
            expectedPassword: "p1",
            codes: [.pastedEndpoint, .credentialsInURL]
        ),
        AcceptedInput(url: "http://h.tv/player_api.php", host: "h.tv", port: 80, codes: [.pastedEndpoint]),
        AcceptedInput(
            url: "http://h.tv/get.php/?username=u1&password=p1",
            host: "h.tv",
            port: 80,
            expectedUsername: "u1",
            expectedPassword: "p1",
            codes: [.trailingSlash, .pastedEndpoint, .credentialsInURL]
        ),
        AcceptedInput(
            url: "http://h.tv/?username=u1&password=p1",
            host: "h.tv",
            port: 80,
            expectedUsername: "u1",
            expectedPassword: "p1",
            codes: [.trailingSlash, .credentialsInURL]
        ),
        // Percent-decoding of query values; '+' stays '+'; a lone '%' stays.
        AcceptedInput(
            url: "http://h.tv/get.php?username=a%40b.com&password=p%26%23+x%25%C3%A9",
            host: "h.tv",
            port: 80,
            expectedUsername: "a@b.com",
            expectedPassword: "p&#+x%é",
            codes: [.pastedEndpoint, .credentialsInURL]
        ),
        AcceptedInput(
            url: "http://h.tv/get.php?username=u1&password=100%",
            host: "h.tv",
            port: 80,
            expectedUsername: "u1",
            expectedPassword: "100%",
            codes: [.pastedEndpoint, .credentialsInURL]
        ),
        AcceptedInput(
            url: "http://h.tv/get.php?username=u1&password=a+b",
            host: "h.tv",
            port: 80,
            expectedUsername: "u1",
            expectedPassword: "a+b",
            codes: [.pastedEndpoint, .credentialsInURL]
        ),
        // Pasted stream URLs.
        AcceptedInput(
            url: "http://h.tv:8080/live/u1/p1/123.ts",
            host: "h.tv",
            port: 8080,
            expectedUsername: "u1",
            expectedPassword: "p1",
            codes: [.pastedEndpoint, .credentialsInURL]
        ),
        AcceptedInput(
            url: "http://h.tv:8080/movie/u1/p%2F1/456.mkv",
            host: "h.tv",
            port: 8080,
            expectedUsername: "u1",
            expectedPassword: "p/1",
            codes: [.pastedEndpoint, .credentialsInURL]
        ),
        AcceptedInput(
            url: "http://h.tv:8080/series/u1/p1/789.mp4",
            host: "h.tv",
            port: 8080,
            expectedUsername: "u1",
            expectedPassword: "p1",
            codes: [.pastedEndpoint, .credentialsInURL]
        ),
        AcceptedInput(
            url: "http://h.tv:8080/u1/p1/123.ts",
            host: "h.tv",
            port: 8080,
            expectedUsername: "u1",
            expectedPassword: "p1",
            codes: [.pastedEndpoint, .credentialsInURL]
        ),
        AcceptedInput(
            url: "http://h.tv:8080/panel/live/u1/p1/123.m3u8",
            host: "h.tv",
            port: 8080,
            basePath: "/panel",
            expectedUsername: "u1",
            expectedPassword: "p1",
            codes: [.pastedEndpoint, .credentialsInURL]
        ),
        AcceptedInput(
            url: "http://h.tv:8080/timeshift/u1/p1/60/2024-01-01:10-00/123.ts",
            host: "h.tv",
            port: 8080,
            expectedUsername: "u1",
            expectedPassword: "p1",
            codes: [.pastedEndpoint, .credentialsInURL]
        ),
        AcceptedInput(
            url: "http://h.tv:8080/live/me@mail.com/p1/123.ts",
            host: "h.tv",
            port: 8080,
            expectedUsername: "me@mail.com",
            expectedPassword: "p1",
            codes: [.pastedEndpoint, .credentialsInURL]
        ),
        // Userinfo.
        AcceptedInput(
            url: "http://u1:p1@h.tv:8080",
            host: "h.tv",
            port: 8080,
            expectedUsername: "u1",
            expectedPassword: "p1",
            codes: [.credentialsInURL]
        ),
        AcceptedInput(
            url: "u1:p1@h.tv:8080",
            host: "h.tv",
            port: 8080,
            expectedUsername: "u1",
            expectedPassword: "p1",
            codes: [.missingScheme, .credentialsInURL]
        ),
        AcceptedInput(
            url: "http://u%40x:p%3Aw%20@h.tv",
            host: "h.tv",
            port: 80,
            expectedUsername: "u@x",
            expectedPassword: "p:w ",
            codes: [.credentialsInURL, .surroundingWhitespace]
        ),
        AcceptedInput(
            url: "http://u1:p:w@h.tv",
            host: "h.tv",
            port: 80,
            expectedUsername: "u1",
            expectedPassword: "p:w",
            codes: [.credentialsInURL]
        ),
        AcceptedInput(
            url: "http://a@b:p@ss@h.tv",
            host: "h.tv",
            port: 80,
            expectedUsername: "a@b",
            expectedPassword: "p@ss",
            codes: [.credentialsInURL]
        ),
        // IPv6.
        AcceptedInput(url: "http://[::1]:8080", host: "::1", port: 8080),
        AcceptedInput(url: "[2001:DB8::1]", host: "2001:db8::1", port: 80, codes: [.missingScheme]),
        AcceptedInput(url: "https://[::ffff:192.0.2.1]/", scheme: .https, host: "::ffff:192.0.2.1", port: 443,
            codes: [.trailingSlash]),
        AcceptedInput(url: "http://[1:2:3:4:5:6:7:8]", host: "1:2:3:4:5:6:7:8", port: 80),
        AcceptedInput(url: "http://[::]", host: "::", port: 80),
        AcceptedInput(url: "http://[1::]:8080", host: "1::", port: 8080),
        AcceptedInput(url: "http://[1:2:3:4:5:6:1.2.3.4]", host: "1:2:3:4:5:6:1.2.3.4", port: 80),
        // Explicit credentials.
        AcceptedInput(
            url: "http://h.tv",
            username: "u1",
            password: "p1",
            host: "h.tv",
            port: 80,
            expectedUsername: "u1",
            expectedPassword: "p1"
        ),
        AcceptedInput(
            url: "http://h.tv/get.php?username=u1&password=p1",
            username: "u1",
            password: "p1",
            host: "h.tv",
            port: 80,
            expectedUsername: "u1",
            expectedPassword: "p1",
            codes: [.pastedEndpoint, .credentialsInURL]
        ),
        AcceptedInput(
            url: "http://u1@h.tv",
            password: "p1",
            host: "h.tv",
            port: 80,
            expectedUsername: "u1",
            expectedPassword: "p1",
            codes: [.credentialsInURL]
        ),
        AcceptedInput(
            url: "http://h.tv",
            username: " u1",
            password: "p1\u{200B}",
            host: "h.tv",
            port: 80,
            expectedUsername: " u1",
            expectedPassword: "p1\u{200B}",
            codes: [.surroundingWhitespace, .invisibleCharacters]
        ),
    ]

    @Test("accepted inputs", arguments: Self.acceptedInputs)
    func accepted(_ input: AcceptedInput) throws {
        let parsed = try TargetParser.parse(url: input.url, username: input.username, password: input.password)
        let target = parsed.target
        #expect(target.scheme == input.scheme)
        #expect(target.host == input.host)
        #expect(target.port == input.port)
        #expect(target.basePath == input.basePath)
        #expect(Self.scalars(target.username) == Self.scalars(input.expectedUsername))
        #expect(Self.scalars(target.password?.value) == Self.scalars(input.expectedPassword))
        #expect(parsed.warnings.map(\.code) == input.codes)
        for warning in parsed.warnings where [.missingScheme, .trailingSlash, .pastedEndpoint, .credentialsInURL]
            .contains(warning.code)
        {
            #expect(warning.field == .url)
        }
    }

    static let rejectedInputs: [RejectedInput] = [
        // Garbage.
        RejectedInput(url: "", mentions: ["empty"]),
        RejectedInput(url: "   \t ", mentions: ["empty"]),
        RejectedInput(url: "http://", mentions: ["no host"]),
        RejectedInput(url: "https:///panel", mentions: ["no host"]),
        RejectedInput(url: "://x", mentions: ["nothing before '://'"]),
        RejectedInput(url: "http://#frag", mentions: ["no host"]),
        RejectedInput(url: "http://:8080", mentions: ["no host"]),
        RejectedInput(url: "http://h.tv/#/login", mentions: ["'#'"]),
        RejectedInput(url: "http:/h.tv", mentions: ["http://"]),
        RejectedInput(url: "https:h.tv", mentions: ["https://"]),
        RejectedInput(url: "ht tp://h.tv", mentions: ["not a URL scheme"]),
        // Other schemes.
        RejectedInput(url: "ftp://h.tv", mentions: ["'ftp'", "only http and https"]),
        RejectedInput(url: "rtmp://h.tv:1935/live", mentions: ["'rtmp'", "only http and https"]),
        RejectedInput(url: "RTSP://h.tv", mentions: ["'rtsp'", "only http and https"]),
        RejectedInput(url: "file:///etc/passwd", mentions: ["'file'", "only http and https"]),
        RejectedInput(url: "xtream://h.tv:8080/u/p", mentions: ["'xtream'", "only http and https"]),
        // Ports.
        RejectedInput(url: "http://h.tv:99999", mentions: ["port 99999 is out of range (1-65535)"]),
        RejectedInput(url: "http://h.tv:65536", mentions: ["port 65536 is out of range (1-65535)"]),
        RejectedInput(url: "http://h.tv:0", mentions: ["port 0 is out of range (1-65535)"]),
        RejectedInput(url: "http://h.tv:123456789012345678901234", mentions: ["out of range"]),
        RejectedInput(url: "http://h.tv:abc", mentions: ["port 'abc' is not a number"]),
        RejectedInput(url: "h.tv:-1", mentions: ["port '-1' is not a number"]),
        RejectedInput(url: "http://h.tv:80 80", mentions: ["port '80 80' is not a number"]),
        // Hosts.
        RejectedInput(url: "http://bücher.de", mentions: ["non-ASCII", "punycode", "xn--"]),
        RejectedInput(url: "http://ex ample.com", mentions: ["a space", "not allowed"]),
        RejectedInput(url: "http://ex\tample.com", mentions: ["a tab", "not allowed"]),
        RejectedInput(url: "http://ex_ample.com", mentions: ["'_'", "not allowed"]),
        RejectedInput(url: "http://h.tv\u{200B}x", mentions: ["invisible", "U+200B ZERO WIDTH SPACE"]),
        RejectedInput(url: "http://h\u{00A0}x.tv", mentions: ["invisible", "U+00A0 NO-BREAK SPACE"]),
        RejectedInput(url: "http://.h.tv", mentions: ["empty part"]),
        RejectedInput(url: "http://a..b", mentions: ["empty part"]),
        RejectedInput(url: "http://999.1.1.1", mentions: ["not a valid IPv4 address"]),
        RejectedInput(url: "http://2001:db8::1", mentions: ["brackets"]),
        RejectedInput(url: "http://host:80:81", mentions: ["more than one ':'"]),
        RejectedInput(url: "http://[::1", mentions: ["closing ']'"]),
        RejectedInput(url: "http://[zz::1]", mentions: ["not a valid IPv6 address"]),
        RejectedInput(url: "http://[1::2::3]", mentions: ["not a valid IPv6 address"]),
        RejectedInput(url: "http://[1.2.3.4::]", mentions: ["not a valid IPv6 address"]),
        RejectedInput(url: "http://[1:2:3:4:5:6:7]", mentions: ["not a valid IPv6 address"]),
        RejectedInput(url: "http://[1:2:3:4:5:6:7:8:9]", mentions: ["not a valid IPv6 address"]),
        RejectedInput(url: "http://[12345::1]", mentions: ["not a valid IPv6 address"]),
        RejectedInput(url: "http://[::1]x", mentions: ["after the IPv6 address"]),
        RejectedInput(url: "http://[fe80::1%25eth0]", mentions: ["zone"]),
        RejectedInput(url: "http://[::1]:99999", mentions: ["port 99999 is out of range"]),
        // Credentials.
        RejectedInput(url: "http://h.tv/get.php?username=u1&password=", mentions: ["password in the URL is empty"]),
        RejectedInput(url: "http://h.tv/get.php?username=&password=x", mentions: ["username in the URL is empty"]),
        RejectedInput(url: "http://:p1@h.tv", mentions: ["username in the URL is empty"]),
        RejectedInput(url: "http://h.tv:8080/live//p1/1.ts", mentions: ["username in the URL is empty"]),
        RejectedInput(url: "http://h.tv", username: "", password: "p1", mentions: ["the username is empty"]),
        RejectedInput(url: "http://h.tv", username: "u1", password: "", mentions: ["the password is empty"]),
        RejectedInput(url: "http://h.tv", username: "u1", mentions: ["no password"]),
        RejectedInput(url: "http://h.tv", password: "p1", mentions: ["no username"]),
        RejectedInput(url: "http://h.tv/get.php?username=u1", mentions: ["no password"]),
        RejectedInput(url: "http://u1@h.tv", mentions: ["no password"]),
        RejectedInput(
            url: "http://h.tv/get.php?username=u1&password=p1",
            username: "u2",
            mentions: ["username is given twice with different values"]
        ),
        RejectedInput(
            url: "http://h.tv/get.php?username=u1&password=p1",
            password: "p2",
            mentions: ["password is given twice with different values"]
        ),
        RejectedInput(
            url: "http://h.tv/get.php?username=u1&password=e\u{301}",
            password: "\u{E9}",
            mentions: ["password is given twice"]
        ),
        RejectedInput(
            url: "http://u1:p1@h.tv/get.php?username=u1&password=p2",
            mentions: ["two different passwords"]
        ),
        RejectedInput(url: "http://h.tv/get.php?username=u1&password=a#b", mentions: ["'#'", "%23"]),
        RejectedInput(url: "http://h.tv/get.php?username=u1&password=%FF", mentions: ["UTF-8"]),
        RejectedInput(url: "http://u1:pa/ss@h.tv", mentions: ["%2F"]),
        RejectedInput(url: "http://u1:12/ss@h.tv", mentions: ["'@'", "%2F"]),
    ]

    @Test("rejected inputs", arguments: Self.rejectedInputs)
    func rejected(_ input: RejectedInput) {
        let error = #expect(throws: InputError.self) {
            try TargetParser.parse(url: input.url, username: input.username, password: input.password)
        }
        for words in input.mentions {
            #expect(error?.message.contains(words) == true, "\(error?.message ?? "no error") lacks \(words)")
        }
    }

    static let credentialCases: [CredentialCase] = [
        CredentialCase(
            password: "Zq9#secr\u{200B}et",
            expected: [(.invisibleCharacters, .password, 9, "U+200B ZERO WIDTH SPACE at position 9")]
        ),
        CredentialCase(
            password: "\u{200B}x\u{FEFF}y\u{2060}",
            expected: [
                (.invisibleCharacters, .password, 1, "U+200B ZERO WIDTH SPACE at position 1"),
                (.invisibleCharacters, .password, 3, "U+FEFF ZERO WIDTH NO-BREAK SPACE at position 3"),
                (.invisibleCharacters, .password, 5, "U+2060 WORD JOINER at position 5"),
            ]
        ),
        CredentialCase(
            password: "ab\u{200D}c\u{200C}\u{200E}\u{200F}\u{00AD}",
            expected: [
                (.invisibleCharacters, .password, 3, "U+200D ZERO WIDTH JOINER at position 3"),
                (.invisibleCharacters, .password, 5, "U+200C ZERO WIDTH NON-JOINER at position 5"),
                (.invisibleCharacters, .password, 6, "U+200E LEFT-TO-RIGHT MARK at position 6"),
                (.invisibleCharacters, .password, 7, "U+200F RIGHT-TO-LEFT MARK at position 7"),
                (.invisibleCharacters, .password, 8, "U+00AD SOFT HYPHEN at position 8"),
            ]
        ),
        CredentialCase(
            password: "pass\u{00A0}",
            expected: [(.invisibleCharacters, .password, 5, "U+00A0 NO-BREAK SPACE at position 5")]
        ),
        CredentialCase(
            password: "it\u{2019}s\u{201C}\u{201D}\u{2018}\u{201A}\u{201B}\u{201E}\u{201F}\u{2032}\u{2033}",
            expected: [
                (.smartQuotes, .password, 3, "U+2019 RIGHT SINGLE QUOTATION MARK at position 3"),
                (.smartQuotes, .password, 5, "U+201C LEFT DOUBLE QUOTATION MARK at position 5"),
                (.smartQuotes, .password, 6, "U+201D RIGHT DOUBLE QUOTATION MARK at position 6"),
                (.smartQuotes, .password, 7, "U+2018 LEFT SINGLE QUOTATION MARK at position 7"),
                (.smartQuotes, .password, 8, "U+201A"),
                (.smartQuotes, .password, 9, "U+201B"),
                (.smartQuotes, .password, 10, "U+201E"),
                (.smartQuotes, .password, 11, "U+201F"),
                (.smartQuotes, .password, 12, "U+2032 PRIME"),
                (.smartQuotes, .password, 13, "U+2033 DOUBLE PRIME"),
            ]
        ),
        CredentialCase(
            password: " pass\t",
            expected: [
                (.surroundingWhitespace, .password, 1, "starts with a space (position 1)"),
                (.surroundingWhitespace, .password, 6, "ends with a tab (position 6)"),
            ]
        ),
        CredentialCase(
            password: "pass\n",
            expected: [(.surroundingWhitespace, .password, 5, "ends with a line break (position 5)")]
        ),
        CredentialCase(
            password: " ",
            expected: [(.surroundingWhitespace, .password, 1, "starts with a space")]
        ),
        CredentialCase(password: "in side", expected: []),
        CredentialCase(
            username: "\u{200B}user ",
            password: "ok",
            expected: [
                (.invisibleCharacters, .username, 1, "the username has an invisible character U+200B"),
                (.surroundingWhitespace, .username, 6, "the username ends with a space (position 6)"),
            ]
        ),
        CredentialCase(
            username: "us\u{2019}er",
            password: "p\u{200B}",
            expected: [
                (.smartQuotes, .username, 3, "the username has a typographic quote U+2019"),
                (.invisibleCharacters, .password, 2, "the password has an invisible character U+200B"),
            ]
        ),
    ]

    @Test("suspicious characters in credentials", arguments: Self.credentialCases)
    func credentialWarnings(_ input: CredentialCase) throws {
        let parsed = try TargetParser.parse(url: "http://h.tv", username: input.username, password: input.password)
        #expect(parsed.warnings.count == input.expected.count)
        for (warning, expected) in zip(parsed.warnings, input.expected) {
            #expect(warning.code == expected.code)
            #expect(warning.field == expected.field)
            #expect(warning.position == expected.position)
            #expect(warning.message.contains(expected.mentions), "\(warning.message)")
        }
        // Never altered.
        #expect(Self.scalars(parsed.target.username) == Self.scalars(input.username))
        #expect(Self.scalars(parsed.target.password?.value) == Self.scalars(input.password))
    }

    @Test("the example message for an invisible character")
    func invisibleMessage() throws {
        let parsed = try TargetParser.parse(url: "h.tv", username: "u", password: "Zq9#secr\u{200B}et")
        let warning = try #require(parsed.warnings.last)
        #expect(
            warning.message
                == "the password has an invisible character U+200B ZERO WIDTH SPACE at position 9; "
                + "players send it as part of the password"
        )
    }

    /// Inputs that carry the password "Zq9#secret" somewhere: no warning or error may show any part of it.
    static let secretInputs: [RejectedInput] = [
        RejectedInput(url: "http://h.tv", username: "u", password: "Zq9#secret", mentions: []),
        RejectedInput(url: "http://h.tv", username: "u", password: " Zq9#secret\u{200B}\u{2019} ", mentions: []),
        RejectedInput(url: "http://h.tv:abc", username: "u", password: "Zq9#secret", mentions: []),
        RejectedInput(url: "ftp://h.tv", username: "u", password: "Zq9#secret", mentions: []),
        RejectedInput(url: "http://h.tv", username: "u", password: "Zq9#secret\u{FEFF}", mentions: []),
        RejectedInput(url: "http://h.tv", username: "", password: "Zq9#secret", mentions: []),
        RejectedInput(url: "http://h.tv", password: "Zq9#secret", mentions: []),
        RejectedInput(
            url: "http://h.tv/get.php?username=u&password=other",
            username: "u",
            password: "Zq9#secret",
            mentions: []
        ),
        RejectedInput(url: "http://h.tv/get.php?username=u&password=Zq9%23secret", mentions: []),
        RejectedInput(url: "http://h.tv/get.php?username=u&password=Zq9#secret", mentions: []),
        RejectedInput(url: "http://h.tv/get.php?password=Zq9%23secret", mentions: []),
        RejectedInput(url: "http://h.tv/get.php?username=u&password=Zq9%23secret", password: "x", mentions: []),
        RejectedInput(url: "http://u:Zq9%23secret@h.tv", mentions: []),
        RejectedInput(url: "http://u:Zq9#secret@h.tv", mentions: []),
        RejectedInput(url: "http://u:Zq9/secret@h.tv", mentions: []),
        RejectedInput(url: "u:Zq9?secret@h.tv:8080", mentions: []),
        RejectedInput(url: "http://u:Zq9%23secret@h.tv:99999", mentions: []),
        RejectedInput(url: "http://u:Zq9%23secret@bücher.de", mentions: []),
        RejectedInput(url: "http://h.tv:8080/live/u/Zq9%23secret/1.ts", mentions: []),
        RejectedInput(url: "http://h.tv:8080/live/u/Zq9%23secret/1.ts", username: "v", mentions: []),
        RejectedInput(url: "http://h.tv:8080/u/Zq9%23secret/1.ts", password: "Zq9#secret", mentions: []),
        RejectedInput(url: "http://u:Zq9%23secret%FF@h.tv", mentions: []),
    ]

    @Test("warnings and errors never show the password", arguments: Self.secretInputs)
    func passwordNeverShown(_ input: RejectedInput) {
        do {
            let parsed = try TargetParser.parse(url: input.url, username: input.username, password: input.password)
            for warning in parsed.warnings {
                #expect(!warning.message.contains("Zq9"), "\(warning.message)")
            }
            #expect(!parsed.target.redacted.contains("Zq9"))
            #expect(!parsed.target.baseURL.contains("Zq9"))
            #expect(!"\(parsed.target)".contains("Zq9"))
        } catch {
            #expect(!error.message.contains("Zq9"), "\(error.message)")
            #expect(!error.description.contains("Zq9"))
        }
    }

    @Test("percent-encoding of query values")
    func percentEncoding() {
        #expect(URLEncoding.percentEncode("a&b") == "a%26b")
        #expect(URLEncoding.percentEncode("a#b") == "a%23b")
        #expect(URLEncoding.percentEncode("a+b") == "a%2Bb")
        #expect(URLEncoding.percentEncode("100%") == "100%25")
        #expect(URLEncoding.percentEncode("a b") == "a%20b")
        #expect(URLEncoding.percentEncode("a/b") == "a%2Fb")
        #expect(URLEncoding.percentEncode("é") == "%C3%A9")
        #expect(URLEncoding.percentEncode("=?@:\u{200B}") == "%3D%3F%40%3A%E2%80%8B")
        #expect(URLEncoding.percentEncode("AZaz09-._~") == "AZaz09-._~")
        #expect(URLEncoding.percentEncode("") == "")
        #expect(URLEncoding.percentDecode("%C3%A9%2b+%zz%4") == "é++%zz%4")
        #expect(URLEncoding.percentDecode("%FF") == nil)
    }

    @Test("login URL building")
    func urls() throws {
        let target = ProbeTarget(
            scheme: .http,
            host: "h.tv",
            port: 8080,
            basePath: "/panel",
            username: "me&you",
            password: Password("a#b+c% d/é")
        )
        #expect(target.baseURL == "http://h.tv:8080/panel")
        #expect(
            target.playerAPIURL()
                == "http://h.tv:8080/panel/player_api.php?username=me%26you&password=a%23b%2Bc%25%20d%2F%C3%A9"
        )
        #expect(target.redacted == "http://h.tv:8080/panel (user: me&you)")

        let plain = ProbeTarget(scheme: .https, host: "h.tv", port: 443)
        #expect(plain.baseURL == "https://h.tv")
        #expect(plain.playerAPIURL() == "https://h.tv/player_api.php")
        #expect(plain.redacted == "https://h.tv")

        let v6 = ProbeTarget(scheme: .http, host: "::1", port: 80)
        #expect(v6.hostForURL == "[::1]")
        #expect(v6.baseURL == "http://[::1]")
        #expect(v6.with(scheme: .https, port: 8443).baseURL == "https://[::1]:8443")
        #expect(v6.with(scheme: .https, port: 443).baseURL == "https://[::1]")
        #expect(ProbeTarget(scheme: .https, host: "h.tv", port: 80).baseURL == "https://h.tv:80")

        let parsed = try TargetParser.parse(url: "http://h.tv:8080/get.php?username=u%2B1&password=p%2Bq")
        #expect(parsed.target.playerAPIURL() == "http://h.tv:8080/player_api.php?username=u%2B1&password=p%2Bq")
        #expect(!parsed.target.redacted.contains("p+q"))
    }
}

extension TargetParserTests {
    /// The scalars of a string, to compare credentials exactly (`==` on strings ignores normalization differences).
    static func scalars(_ s: String?) -> [Unicode.Scalar]? { s.map { Array($0.unicodeScalars) } }

    /// One accepted input and what it must parse to.
    struct AcceptedInput: Sendable, CustomTestStringConvertible {
        var url: String
        var username: String? = nil
        var password: String? = nil
        var scheme: ProbeTarget.Scheme = .http
        var host: String
        var port: Int
        var basePath: String = ""
        var expectedUsername: String? = nil
        var expectedPassword: String? = nil
        var codes: [InputWarning.Code] = []

        var testDescription: String { "\(self.url.debugDescription) u=\(self.username ?? "-")" }
    }

    /// One rejected input and the words its error message must contain.
    struct RejectedInput: Sendable, CustomTestStringConvertible {
        var url: String
        var username: String? = nil
        var password: String? = nil
        var mentions: [String]

        var testDescription: String { self.url.debugDescription }
    }

    /// One credential and the warnings it must produce.
    struct CredentialCase: Sendable, CustomTestStringConvertible {
        var username: String = "user"
        var password: String
        var expected: [(code: InputWarning.Code, field: InputWarning.Field, position: Int, mentions: String)]

        var testDescription: String { self.password.debugDescription }
    }
}
