import Foundation
import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Debian's Chromium, headless, as a child process: dumps a page's DOM, takes a screenshot, and reports every
/// console message the page produced (Chromium writes them to stderr as `INFO:CONSOLE…] "message", source: …`
/// with `--enable-logging=stderr`; the line does not carry the level, so every console message counts, CSP
/// violations included). Output goes to files; every wait is bounded; only the PID started here is killed.
struct HeadlessChromium: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One run: the DOM (with `--dump-dom`), the console messages, and Chromium's whole stderr.
    struct Run: Sendable {
        var dom: String
        var consoleMessages: [String]
        var stderr: String
    }

    /// The Chromium executable, when installed.
    static var executable: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    let executable: String
    /// A folder for profiles and output files.
    let directory: String

    /// Loads `url` and dumps its DOM.
    func dumpDOM(_ url: String) async throws -> Run {
        try await self.run(["--dump-dom", url])
    }

    /// Loads `url` in a window of the given size and writes a PNG screenshot to `path`.
    func screenshot(_ url: String, to path: String, width: Int, height: Int) async throws -> Run {
        try await self.run(["--screenshot=\(path)", "--window-size=\(width),\(height)", "--hide-scrollbars", url])
    }

    func run(_ arguments: [String]) async throws -> Run {
        let label = TestEnvironment.uniqueName("chromium-")
        let profile = "\(self.directory)/\(label)-profile"
        let stdoutPath = "\(self.directory)/\(label).stdout"
        let stderrPath = "\(self.directory)/\(label).stderr"
        try FileManager.default.createDirectory(atPath: profile, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: stdoutPath, contents: nil), FileManager.default.createFile(atPath: stderrPath, contents: nil) else {
            throw Failure(description: "cannot create \(stdoutPath)")
        }
        var flags = [
            "--headless", "--disable-gpu", "--user-data-dir=\(profile)", "--enable-logging=stderr", "--v=0",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
            "--disable-background-networking", "--disable-component-update", "--disable-domain-reliability",
            "--no-pings", "--disable-features=Translate,MediaRouter,OptimizationHints",
        ]
        if getuid() == 0 { flags.append("--no-sandbox") }  // Chromium refuses to run as root with its sandbox
        let process = Process()
        process.executableURL = URL(fileURLWithPath: self.executable)
        process.arguments = flags + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try process.run()
        let box = ChromiumProcessBox(process)
        let pid = process.processIdentifier
        let exited = (try? await OffPool.run { () -> Bool in
            let deadline = Date().addingTimeInterval(180)
            while box.isRunning, Date() < deadline { usleep(20_000) }
            return !box.isRunning
        }) ?? false
        let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        guard exited else {
            kill(pid, SIGKILL)
            _ = try? await OffPool.run { () -> Bool in
                let deadline = Date().addingTimeInterval(30)
                while box.isRunning, Date() < deadline { usleep(20_000) }
                return true
            }
            throw Failure(description: "chromium \(arguments) did not finish in 180 s; killed pid \(pid). stderr: \(stderr.suffix(3000))")
        }
        guard box.status == 0 else {
            throw Failure(description: "chromium \(arguments) exited with \(box.status): \(stderr.suffix(3000))")
        }
        let dom = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
        return Run(dom: dom, consoleMessages: Self.consoleMessages(in: stderr), stderr: stderr)
    }

    /// The console messages in Chromium's log output.
    static func consoleMessages(in log: String) -> [String] {
        log.split(separator: "\n").compactMap { line in
            guard let marker = line.range(of: ":CONSOLE") else { return nil }
            guard let close = line[marker.upperBound...].firstIndex(of: "]") else { return String(line) }
            return String(line[line.index(after: close)...]).trimmingCharacters(in: .whitespaces)
        }
    }

    /// Width and height from a PNG's IHDR chunk; nil when the bytes are not a PNG.
    static func pngSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count >= 24, Array(bytes[0..<8]) == signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        func be32(_ offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }
}

/// A `Process` handed between threads (only read).
private final class ChromiumProcessBox: @unchecked Sendable {
    let process: Process
    init(_ process: Process) { self.process = process }
    var isRunning: Bool { self.process.isRunning }
    var status: Int32 { self.process.terminationStatus }
}
