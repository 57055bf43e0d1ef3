import Foundation
import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A child process started by these tests (the coordinator, an agent, an admin command, the CLI). Output goes to
/// files (nothing can block on a full pipe); every wait is bounded; only this PID is ever signalled.
final class ChildProcess: @unchecked Sendable {
    // `process` is only read after launch (`isRunning`, `terminationStatus`), from one test at a time.
    private let process: Process
    let pid: Int32
    let label: String
    let stdoutPath: String
    let stderrPath: String

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private init(process: Process, label: String, stdoutPath: String, stderrPath: String) {
        self.process = process
        self.pid = process.processIdentifier
        self.label = label
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
    }

    /// The test process's environment without any `XCHECK_*` variable (so that nothing in the developer's shell
    /// reaches a child), plus `extra`.
    static func cleanEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("XCHECK_") }
        for (name, value) in extra { environment[name] = value }
        return environment
    }

    /// Starts `executable arguments...` with stdout and stderr in `directory/label.{stdout,stderr}`.
    static func launch(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String, label: String,
        standardError: FileHandle? = nil
    ) throws -> ChildProcess {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw Failure(description: "no executable at \(executable); run `swift build --build-tests` first")
        }
        let stdoutPath = "\(directory)/\(label).stdout"
        let stderrPath = "\(directory)/\(label).stderr"
        guard FileManager.default.createFile(atPath: stdoutPath, contents: nil),
            FileManager.default.createFile(atPath: stderrPath, contents: nil)
        else { throw Failure(description: "cannot create output files in \(directory)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        defer {
            try? out.close()
            try? err.close()
        }
        process.standardOutput = out
        process.standardError = standardError ?? err
        try process.run()
        return ChildProcess(process: process, label: label, stdoutPath: stdoutPath, stderrPath: stderrPath)
    }

    var isRunning: Bool { self.process.isRunning }
    var status: Int32 { self.process.terminationStatus }
    var signaled: Bool { self.process.terminationReason == .uncaughtSignal }

    var stdout: String { (try? String(contentsOfFile: self.stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: self.stderrPath, encoding: .utf8)) ?? "" }

    /// Both output files (their ends), for failure messages.
    var output: String { "--- \(self.label) stdout\n\(self.stdout.suffix(3000))\n--- \(self.label) stderr\n\(self.stderr.suffix(3000))" }

    /// Waits (off the cooperative pool) until the process has exited; false when it still runs at `limit`.
    func waitForExit(limit: Double) async -> Bool {
        let process = self.process
        let box = ProcessBox(process)
        return (try? await OffPool.run { () -> Bool in
            let deadline = Date().addingTimeInterval(limit)
            while box.process.isRunning, Date() < deadline { usleep(5_000) }
            return !box.process.isRunning
        }) ?? false
    }

    /// SIGTERM, then SIGKILL when it has not exited within `limit` seconds. Safe to call twice.
    func stop(limit: Double = 20) async {
        guard self.isRunning else { return }
        kill(self.pid, SIGTERM)
        if await self.waitForExit(limit: limit) { return }
        kill(self.pid, SIGKILL)
        _ = await self.waitForExit(limit: 20)
    }

    /// SIGKILL (when a run overstays its limit).
    func killHard() async {
        guard self.isRunning else { return }
        kill(self.pid, SIGKILL)
        _ = await self.waitForExit(limit: 20)
    }

    /// Runs a command to completion (bounded); returns the finished child.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String, label: String,
        limit: Double = 90
    ) async throws -> ChildProcess {
        let child = try self.launch(executable, arguments, environment: environment, directory: directory, label: label)
        guard await child.waitForExit(limit: limit) else {
            await child.killHard()
            throw Failure(description: "\(label) was still running after \(limit) s; killed pid \(child.pid)\n\(child.output)")
        }
        return child
    }
}

/// A `Process` handed to a waiting thread (only `isRunning` is read there).
private final class ProcessBox: @unchecked Sendable {
    let process: Process
    init(_ process: Process) { self.process = process }
}

/// A temporary directory (mode 755), removed by ``remove()``.
struct ScratchDirectory: Sendable {
    let path: String

    init(prefix: String = "xcheck-check-cli") throws {
        var template = Array("/tmp/\(prefix).XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ChildProcess.Failure(description: "mkdtemp failed") }
        self.path = String(cString: made)
        chmod(self.path, 0o755)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }

    /// A new subfolder.
    func folder(_ name: String) throws -> String {
        let path = "\(self.path)/\(name)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes a file and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = "\(self.path)/\(name)"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
