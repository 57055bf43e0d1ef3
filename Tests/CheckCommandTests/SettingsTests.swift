import Foundation
import Testing
import XCheckVerdict

extension CheckCommandTests {
    /// Item 4: where the coordinator URL and token come from: flag > XCHECK_COORDINATOR/XCHECK_TOKEN > config file.
    @Suite("Coordinator settings: flags, environment, config file")
    struct Settings {
        /// Runs `check --no-local` on a healthy panel with the given flags and environment; exit 0 shows that the
        /// real coordinator and a good token were used, exit 3 that a wrong one was.
        static func run(
            _ lab: Lab, _ url: String, flags: [String] = [], environment: [String: String] = [:]
        ) async throws -> CLIResult {
            let result = try await lab.xcheck(
                ["check", url, "-u", Secret.username, "-p", Secret.password, "--no-local"] + flags, environment: environment)
            expectNoSecret(result)
            return result
        }

        @Test("the URL: flag over environment over config file")
        func url() async throws {
            let lab = try currentLab()
            let directory = try ScratchDirectory()
            defer { directory.remove() }
            let wrongEnv = Panels.closedURL()
            let wrongFile = Panels.closedURL()
            let good = lab.coordinatorURL
            let token = lab.adminToken
            try await Panels.with { panel in
                let fileWrong = try directory.write("wrong", "coordinator = \(wrongFile)\ntoken = \(token)\n")
                let fileGood = try directory.write("good", "# xcheck\n\ncoordinator = \(good)\ntoken = \(token)\n")

                // The flag wins over the environment and the file.
                var result = try await Self.run(lab, panel.baseURL, flags: ["--coordinator", good],
                                                environment: ["XCHECK_COORDINATOR": wrongEnv, "XCHECK_TOKEN": token, "XCHECK_CONFIG": fileWrong])
                #expect(result.status == Exit.up, "the --coordinator flag should win\n\(result)")
                // ...also when it is the wrong one.
                result = try await Self.run(lab, panel.baseURL, flags: ["--coordinator", wrongEnv],
                                            environment: ["XCHECK_COORDINATOR": good, "XCHECK_TOKEN": token, "XCHECK_CONFIG": fileGood])
                #expect(result.status == Exit.coordinatorOrInternal && result.stderr.contains("could not be reached"), "\(result)")
                // The environment wins over the file.
                result = try await Self.run(lab, panel.baseURL, environment: ["XCHECK_COORDINATOR": good, "XCHECK_CONFIG": fileWrong])
                #expect(result.status == Exit.up, "XCHECK_COORDINATOR should win over the file\n\(result)")
                result = try await Self.run(lab, panel.baseURL, environment: ["XCHECK_COORDINATOR": wrongEnv, "XCHECK_CONFIG": fileGood])
                #expect(result.status == Exit.coordinatorOrInternal, "XCHECK_COORDINATOR should win over the file\n\(result)")
                // The file alone (with comments and blank lines), and a trailing slash.
                result = try await Self.run(lab, panel.baseURL, environment: ["XCHECK_CONFIG": fileGood])
                #expect(result.status == Exit.up, "the config file should be used\n\(result)")
                result = try await Self.run(lab, panel.baseURL, flags: ["--coordinator", good + "/", "--token", token])
                #expect(result.status == Exit.up, "a trailing slash should be accepted\n\(result)")
                // ~/.config/xcheck/config when XCHECK_CONFIG is not set.
                let home = try directory.folder("home")
                try FileManager.default.createDirectory(atPath: "\(home)/.config/xcheck", withIntermediateDirectories: true)
                try Data("coordinator = \(good)\ntoken = \(token)\n".utf8).write(to: URL(fileURLWithPath: "\(home)/.config/xcheck/config"))
                result = try await lab.xcheck(
                    ["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password, "--no-local"],
                    environment: ["HOME": home], removing: ["XCHECK_CONFIG"])
                #expect(result.status == Exit.up, "~/.config/xcheck/config should be read\n\(result)")
            }
        }

        @Test("the token: flag over environment over config file")
        func token() async throws {
            let lab = try currentLab()
            let directory = try ScratchDirectory()
            defer { directory.remove() }
            let good = lab.adminToken
            let bad = "xck_wrong_token_for_tests"
            let url = lab.coordinatorURL
            try await Panels.with { panel in
                let fileBad = try directory.write("bad", "coordinator = \(url)\ntoken = \(bad)\n")
                let fileGood = try directory.write("good", "coordinator = \(url)\ntoken = \(good)\n")

                var result = try await Self.run(lab, panel.baseURL, flags: ["--token", good], environment: ["XCHECK_TOKEN": bad, "XCHECK_CONFIG": fileBad])
                #expect(result.status == Exit.up, "--token should win\n\(result)")
                result = try await Self.run(lab, panel.baseURL, flags: ["--token", bad], environment: ["XCHECK_TOKEN": good, "XCHECK_CONFIG": fileGood])
                #expect(result.status == Exit.coordinatorOrInternal && result.stderr.contains("401"), "--token should win, even when wrong\n\(result)")
                result = try await Self.run(lab, panel.baseURL, environment: ["XCHECK_TOKEN": good, "XCHECK_CONFIG": fileBad])
                #expect(result.status == Exit.up, "XCHECK_TOKEN should win over the file\n\(result)")
                result = try await Self.run(lab, panel.baseURL, environment: ["XCHECK_TOKEN": bad, "XCHECK_CONFIG": fileGood])
                #expect(result.status == Exit.coordinatorOrInternal && result.stderr.contains("401"), "XCHECK_TOKEN should win over the file\n\(result)")
                result = try await Self.run(lab, panel.baseURL, environment: ["XCHECK_CONFIG": fileGood])
                #expect(result.status == Exit.up, "the file's token should be used\n\(result)")
                #expect(!result.allOutput.contains(good) && !result.allOutput.contains(bad), "a token is echoed\n\(result)")
            }
        }

        @Test("a config file with garbage: exit 2 naming file:line", arguments: [
            ("coordinator = http://127.0.0.1:1\nthis line is garbage\n", 2, "expected 'key = value'"),
            ("# comment\n\ncoordinator = http://127.0.0.1:1\npassword = hunter2\n", 4, "unknown key 'password'"),
        ])
        func garbage(_ text: String, _ line: Int, _ words: String) async throws {
            let lab = try currentLab()
            let directory = try ScratchDirectory()
            defer { directory.remove() }
            let file = try directory.write("config", text)
            try await Panels.with { panel in
                let check = try await lab.xcheck(
                    ["check", panel.baseURL, "-u", Secret.username, "-p", Secret.password], environment: ["XCHECK_CONFIG": file])
                expectNoSecret(check)
                #expect(check.status == Exit.badInput, "\(check)")
                #expect(check.stderr.contains("\(file):\(line)"), "the message should name \(file):\(line)\n\(check)")
                #expect(check.stderr.contains(words), "\(check)")
                #expect(check.stdout.isEmpty, "\(check)")
                #expect(!check.stderr.contains("hunter2"), "a config value is echoed\n\(check)")
            }
            for arguments in [["agents"], ["targets", "list"], ["history", "1"]] {
                let result = try await lab.xcheck(arguments, environment: ["XCHECK_CONFIG": file])
                #expect(result.status == Exit.badInput && result.stderr.contains("\(file):\(line)"), "\(result)")
            }
        }

        @Test("a coordinator URL that is not http(s): exit 2")
        func badScheme() async throws {
            let lab = try currentLab()
            let result = try await lab.xcheck(
                ["check", "http://127.0.0.1:9", "-u", Secret.username, "-p", Secret.password],
                environment: ["XCHECK_COORDINATOR": "ftp://127.0.0.1:21"])
            expectNoSecret(result)
            #expect(result.status == Exit.badInput && result.stderr.contains("http:// or https://"), "\(result)")
        }
    }
}
