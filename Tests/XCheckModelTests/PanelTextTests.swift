import Testing
import XCheckModel

/// Text from a panel is cleaned before it is printed, stored or sent: no control characters (a NUL cannot be
/// stored by PostgreSQL, an escape sequence would act on the user's terminal), no bidirectional overrides,
/// and a length cap.
@Suite("Panel text")
struct PanelTextTests {
    @Test(arguments: [
        ("Welcome", "Welcome"),
        ("a\u{0}b", "ab"),
        ("\u{1B}[2J\u{1B}]0;owned\u{07}hello", "[2J]0;ownedhello"),
        ("line\r\nbreak\ttab", "linebreaktab"),
        ("C1\u{85}\u{9B}31m", "C131m"),
        ("abc\u{202E}fdp.exe", "abcfdp.exe"),
        ("\u{2066}isolated\u{2069} \u{200F}mark", "isolated mark"),
        ("Привет, 你好 🎬", "Привет, 你好 🎬"),
        ("", ""),
    ])
    func cleaned(_ input: String, _ expected: String) {
        #expect(PanelText.cleaned(input) == expected)
    }

    @Test func lengthIsCapped() {
        let long = String(repeating: "x", count: 2_000)
        let clean = PanelText.cleaned(long)
        #expect(clean.count == PanelText.maximumLength)
        #expect(clean.hasSuffix("…"))
        #expect(PanelText.cleaned(String(repeating: "y", count: PanelText.maximumLength)).count == PanelText.maximumLength)
    }

    @Test("a login answer's message and server fields arrive cleaned")
    func decodedAnswer() throws {
        let body = #"""
            {"user_info": {"auth": 1, "status": "Active", "message": "Hi\u0000 \u001b[31mthere",
                           "exp_date": null, "max_connections": "1", "active_cons": "0"},
             "server_info": {"url": "panel.example", "port": "8080", "version": "1.0\u001b[2J", "timezone": "UTC\u0007"}}
            """#
        let response = try XtreamLoginResponse.decode(Array(body.utf8))
        #expect(response.message == "Hi [31mthere")
        #expect(response.server?.version == "1.0[2J")
        #expect(response.server?.timezone == "UTC")
    }
}
