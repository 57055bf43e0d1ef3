import Foundation
import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The built `xcheck-coordinator` executable as a child process. Output goes to files (nothing can block on a
/// full pipe); every wait is bounded; only the PID started here is ever signalled.
final class CoordinatorProcess: @unchecked Sendable {
    // `process` is only touched by methods that run one at a time from the owning test.
    private let process: Process
    let pid: Int32
    let port: Int
    let stdoutPath: String
    let stderrPath: String

    var baseURL: String { "http://127.0.0.1:\(self.port)" }

    private init(process: Process, port: Int, stdoutPath: String, stderrPath: String) {
        self.process = process
        self.pid = process.processIdentifier
        self.port = port
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts `xcheck-coordinator serve --listen 127.0.0.1:0 --database-url URL --key-file FILE` and waits for its
    /// `listening http://127.0.0.1:PORT` line.
    static func serve(databaseURL: String, directory: String, label: String) async throws -> CoordinatorProcess {
        let stdoutPath = "\(directory)/\(label).stdout"
        let stderrPath = "\(directory)/\(label).stderr"
        let arguments = [
            "serve", "--listen", "127.0.0.1:0", "--database-url", databaseURL, "--key-file", "\(directory)/credential.key",
            "--data-dir", "\(directory)/data", "--log-level", "warning",
        ]
        let process = try Self.launch(arguments: arguments, stdoutPath: stdoutPath, stderrPath: stderrPath)
        let started = CoordinatorProcessBox(process)
        do {
            let port = try await bounded(.seconds(90), "\(label) printing its listening line") { () -> Int in
                while true {
                    let output = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
                    for line in output.split(separator: "\n") where line.hasPrefix("listening http://127.0.0.1:") {
                        if let port = Int(line.dropFirst("listening http://127.0.0.1:".count)) { return port }
                    }
                    if !started.isRunning {
                        let errors = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
                        throw Failure(description: "\(label) exited before listening: \(errors.suffix(2000))")
                    }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            return CoordinatorProcess(process: process, port: port, stdoutPath: stdoutPath, stderrPath: stderrPath)
        } catch {
            if started.isRunning { kill(process.processIdentifier, SIGKILL) }
            _ = await Self.waitForExit(started, limit: .seconds(30))
            throw error
        }
    }

    /// Runs an admin command (`agents add`, `tokens add`, ...) to completion; returns its standard output.
    static func admin(_ arguments: [String], directory: String) async throws -> String {
        let label = TestSettings.uniqueName("admin-")
        let stdoutPath = "\(directory)/\(label).stdout"
        let stderrPath = "\(directory)/\(label).stderr"
        let process = try Self.launch(arguments: arguments, stdoutPath: stdoutPath, stderrPath: stderrPath)
        let box = CoordinatorProcessBox(process)
        guard await Self.waitForExit(box, limit: .seconds(90)) else {
            if box.isRunning { kill(process.processIdentifier, SIGKILL) }
            _ = await Self.waitForExit(box, limit: .seconds(30))
            throw Failure(description: "xcheck-coordinator \(arguments.first ?? "") did not finish; killed")
        }
        let output = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
        guard box.status == 0 else {
            let errors = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
            throw Failure(description: "xcheck-coordinator \(arguments.prefix(2)) exited with \(box.status): \(errors.suffix(2000))")
        }
        return output
    }

    private static func launch(arguments: [String], stdoutPath: String, stderrPath: String) throws -> Process {
        let executable = TestSettings.coordinatorExecutable
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw Failure(description: "no executable at \(executable); run `swift build --build-tests` first")
        }
        guard FileManager.default.createFile(atPath: stdoutPath, contents: nil),
            FileManager.default.createFile(atPath: stderrPath, contents: nil)
        else { throw Failure(description: "cannot create \(stdoutPath)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "XCHECK_DATABASE_URL")
        environment.removeValue(forKey: "XCHECK_DATA_DIR")
        environment.removeValue(forKey: "XCHECK_KEY_FILE")
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try process.run()
        return process
    }

    /// Waits (off the cooperative pool) until the process has exited; false when it is still running at `limit`.
    private static func waitForExit(_ box: CoordinatorProcessBox, limit: Duration) async -> Bool {
        let seconds = Double(limit.components.seconds)
        return (try? await OffPool.run { () -> Bool in
            let deadline = Date().addingTimeInterval(seconds)
            while box.isRunning, Date() < deadline { usleep(10_000) }
            return !box.isRunning
        }) ?? false
    }

    /// SIGKILL, then waits for the exit.
    func killHard() async throws {
        guard self.process.isRunning else { throw Failure(description: "pid \(self.pid) had already exited") }
        kill(self.pid, SIGKILL)
        guard await Self.waitForExit(CoordinatorProcessBox(self.process), limit: .seconds(30)) else {
            throw Failure(description: "pid \(self.pid) still running after SIGKILL")
        }
    }

    /// SIGTERM (graceful shutdown), then SIGKILL if it has not exited within `limit`. Safe to call twice.
    func stop(limit: Duration = .seconds(30)) async {
        let box = CoordinatorProcessBox(self.process)
        guard box.isRunning else { return }
        kill(self.pid, SIGTERM)
        if await Self.waitForExit(box, limit: limit) { return }
        kill(self.pid, SIGKILL)
        _ = await Self.waitForExit(box, limit: .seconds(30))
    }

    var isRunning: Bool { self.process.isRunning }

    /// Both output files, for failure messages.
    var output: String {
        let out = (try? String(contentsOfFile: self.stdoutPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: self.stderrPath, encoding: .utf8)) ?? ""
        return "--- stdout\n\(out.suffix(3000))\n--- stderr\n\(err.suffix(3000))"
    }
}

/// A `Process` handed between threads (it is only read: `isRunning`, `terminationStatus`).
private final class CoordinatorProcessBox: @unchecked Sendable {
    let process: Process
    init(_ process: Process) { self.process = process }
    var isRunning: Bool { self.process.isRunning }
    var status: Int32 { self.process.terminationStatus }
}

/// A temporary directory for one test's files, removed at the end.
struct TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        var template = Array("/tmp/xcheck-coordinator-test.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw CoordinatorProcess.Failure(description: "mkdtemp failed") }
        self.path = String(cString: made)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }
}
