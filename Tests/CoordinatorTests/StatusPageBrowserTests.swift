import Foundation
import Testing
import XCheckTestSupport

extension CoordinatorTests {
    /// The status page in a real browser: Debian's Chromium, headless, against the coordinator on 127.0.0.1.
    /// Inside the isolated test namespace (deploy/dev/test.sh installs Chromium) a missing browser is a failure;
    /// elsewhere the test is skipped without one.
    @Suite(
        "Status page in headless Chromium",
        .enabled(if: HeadlessChromium.executable != nil || TestEnvironment.isIsolated, "chromium is not installed (apt-get install chromium)"))
    struct StatusPageBrowserTests {
        /// Screenshots are kept here (printed in the test output).
        static var artifacts: String { "\(TestEnvironment.packageRoot)/.build/test-artifacts" }

        @Test("the console detector catches a console.error (negative control)")
        func detectorCatchesConsoleErrors() async throws {
            let executable = try #require(HeadlessChromium.executable, "chromium must be installed in the isolated test run")
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let page = "\(directory.path)/console-error.html"
            try "<!doctype html><title>negative</title><p id=\"probe\">probe</p><script>console.error(\"xcheck-negative-probe \" + (6 * 7));</script>"
                .write(toFile: page, atomically: true, encoding: .utf8)
            let chromium = HeadlessChromium(executable: executable, directory: directory.path)
            let run = try await chromium.dumpDOM("file://\(page)")
            #expect(run.dom.contains("id=\"probe\""), "chromium did not load the page: \(run.stderr.suffix(2000))")
            // The message as the script computed it: the page really ran and the detector really read it.
            #expect(run.consoleMessages.contains { $0.contains("xcheck-negative-probe 42") }, "not detected in: \(run.stderr.suffix(3000))")
        }

        @Test("/ and a target's page load without console errors, with verdict, grid and agents; screenshots")
        func pages() async throws {
            let executable = try #require(HeadlessChromium.executable, "chromium must be installed in the isolated test run")
            try await Fixture.with { fixture in
                let world = try await StatusPageWorld.make(fixture)
                let directory = try TemporaryDirectory()
                defer { directory.remove() }
                let chromium = HeadlessChromium(executable: executable, directory: directory.path)
                let base = world.coordinator.baseURL
                #expect(base.hasPrefix("http://127.0.0.1:"))

                let front = try await chromium.dumpDOM("\(base)/")
                #expect(front.consoleMessages.isEmpty, "console messages on /: \(front.consoleMessages)")
                let dom = front.dom
                #expect(dom.contains("id=\"target-\(world.publicTarget.id)\" data-verdict=\"up\""), "\(dom.prefix(3000))")
                #expect(dom.contains("<span class=\"badge v-up\">Up</span>"))
                #expect(dom.contains("<svg"))
                #expect(dom.contains("<rect"))
                #expect(dom.contains("id=\"agents-table\""))
                #expect(dom.contains("fra-1") && dom.contains("nyc-1"))
                #expect(dom.contains("class=\"legend\""))
                #expect(!dom.contains("Secret Panel"))
                for secret in world.secrets { #expect(!dom.contains(secret)) }

                let detail = try await chromium.dumpDOM("\(base)/status/targets/\(world.publicTarget.id)")
                #expect(detail.consoleMessages.isEmpty, "console messages on the target page: \(detail.consoleMessages)")
                #expect(detail.dom.contains("Regions: latest results"))
                #expect(detail.dom.contains("data-region=\"eu\""))
                let login = try await chromium.dumpDOM("\(base)/login")
                #expect(login.consoleMessages.isEmpty, "console messages on /login: \(login.consoleMessages)")
                #expect(login.dom.contains("name=\"token\""))

                try FileManager.default.createDirectory(atPath: Self.artifacts, withIntermediateDirectories: true)
                for (name, width, height, path) in [("phone", 390, 1200, "/"), ("desktop", 1280, 900, "/"),
                                                     ("target-phone", 390, 1400, "/status/targets/\(world.publicTarget.id)")] {
                    let file = "\(Self.artifacts)/status-page-\(name).png"
                    try? FileManager.default.removeItem(atPath: file)
                    let shot = try await chromium.screenshot("\(base)\(path)", to: file, width: width, height: height)
                    #expect(shot.consoleMessages.isEmpty, "console messages in the \(name) screenshot run: \(shot.consoleMessages)")
                    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
                    let size = try #require(HeadlessChromium.pngSize(bytes), "\(file) is not a PNG")
                    #expect(size.width == width && size.height == height, "\(file) is \(size.width)×\(size.height)")
                    #expect(bytes.count > 2000, "\(file) is suspiciously small")
                    print("StatusPageBrowserTests: screenshot \(file) (\(size.width)×\(size.height), \(bytes.count) bytes)")
                }
            }
        }
    }
}
