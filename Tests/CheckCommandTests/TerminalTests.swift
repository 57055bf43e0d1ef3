import Foundation
import Testing

extension CheckCommandTests {
    /// Item 6: the live progress line only on a terminal.
    @Suite("Progress line only on a terminal")
    struct TerminalOutput {
        /// A closed port: the local failure is confirmed after 3 s ("confirming the failure from here…") and the
        /// agents take as long, so a progress line would certainly be drawn on a terminal.
        @Test("stdout and stderr not terminals: no progress line, no escape codes")
        func notATerminal() async throws {
            let lab = try currentLab()
            let url = Panels.closedURL()
            for extra in [[], ["--json"]] {
                let result = try await lab.xcheck(["check", url, "-u", Secret.username, "-p", Secret.password] + extra, environment: lab.connected)
                #expect(result.status == Exit.problem, "\(result)")
                expectNoTerminalControl(result)
                #expect(!result.stderr.contains("agents answered") && !result.stderr.contains("confirming"), "\(result)")
                #expect(result.stderr.isEmpty, "\(result)")
            }
        }

        /// The positive control: with standard error on a pseudo-terminal the progress line is drawn there (and
        /// cleared), standard output (a file) stays clean; with --json it is never drawn.
        @Test("stderr a terminal: the progress line is drawn on it, stdout stays clean")
        func onATerminal() async throws {
            let lab = try currentLab()
            let url = Panels.closedURL()
            let result = try await lab.xcheck(
                ["check", url, "-u", Secret.username, "-p", Secret.password], environment: lab.connected, stderrIsTerminal: true)
            expectNoSecret(result)
            #expect(result.status == Exit.problem, "\(result)")
            #expect(result.stderr.contains("\r\u{1B}[2K"), "no progress line drawn on the terminal\n\(result)")
            #expect(result.stderr.contains("confirming the failure from here") || result.stderr.contains("agents answered"), "\(result)")
            #expect(result.stderr.hasSuffix("\r\u{1B}[2K"), "the progress line is not cleared at the end\n\(result)")
            #expect(!result.stdout.contains("\u{1B}") && !result.stdout.contains("\r"), "\(result)")
            #expect(result.stdout.contains("DOWN for everyone"), "\(result)")

            let json = try await lab.xcheck(
                ["check", url, "-u", Secret.username, "-p", Secret.password, "--json"], environment: lab.connected, stderrIsTerminal: true)
            #expect(json.status == Exit.problem, "\(json)")
            #expect(!json.stderr.contains("\u{1B}") && !json.stdout.contains("\u{1B}"), "--json draws no progress line\n\(json)")
            _ = try json.json()
        }
    }
}
