import Foundation
import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A built executable (the coordinator, an agent, an admin command) as a child process. Its output goes to
/// files (nothing can block on a full pipe); every wait is bounded; only the PID started here is signalled.
final class ChildProcess: @unchecked Sendable {
    // `process` is only read after launch (isRunning, terminationStatus, terminationReason): safe to share.
    private let process: Process
    let pid: Int32
    let label: String
    let stdoutPath: String
    let stderrPath: String

    private init(process: Process, label: String, stdoutPath: String, stderrPath: String) {
        self.process = process
        self.pid = process.processIdentifier
        self.label = label
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
    }

    /// Starts `executable arguments...` with output in `<directory>/<label>.stdout|stderr`.
    /// - Parameters:
    ///   - environment: variables set for the child.
    ///   - inherit: start from this process's environment (minus `removing`) rather than from PATH alone.
    static func launch(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], inherit: Bool = false,
        removing: [String] = [], directory: String, label: String
    ) throws -> ChildProcess {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw E2E.Failure("no executable at \(executable); run `swift build --build-tests` first")
        }
        let stdoutPath = "\(directory)/\(label).stdout"
        let stderrPath = "\(directory)/\(label).stderr"
        guard FileManager.default.createFile(atPath: stdoutPath, contents: nil),
            FileManager.default.createFile(atPath: stderrPath, contents: nil)
        else { throw E2E.Failure("cannot create \(stdoutPath)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var childEnvironment: [String: String]
        if inherit {
            childEnvironment = ProcessInfo.processInfo.environment
            for name in removing { childEnvironment.removeValue(forKey: name) }
        } else {
            childEnvironment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        }
        for (name, value) in environment { childEnvironment[name] = value }
        process.environment = childEnvironment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try process.run()
        return ChildProcess(process: process, label: label, stdoutPath: stdoutPath, stderrPath: stderrPath)
    }

    var isRunning: Bool { self.process.isRunning }

    /// The exit status after a normal exit; nil while running or after a death by signal.
    var exitStatus: Int32? {
        guard !self.process.isRunning, self.process.terminationReason == .exit else { return nil }
        return self.process.terminationStatus
    }

    /// The signal that ended the process, if one did.
    var terminatingSignal: Int32? {
        guard !self.process.isRunning, self.process.terminationReason == .uncaughtSignal else { return nil }
        return self.process.terminationStatus
    }

    /// Sends a signal to this child (only while it runs).
    func signal(_ number: Int32) {
        guard self.process.isRunning else { return }
        kill(self.pid, number)
    }

    /// Waits (off the cooperative pool) until the process has exited; false when it still runs at `limit`.
    @discardableResult
    func waitForExit(limit: Duration) async -> Bool {
        let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
        let box = self
        return (try? await OffPool.run { () -> Bool in
            let deadline = Date().addingTimeInterval(seconds)
            while box.isRunning, Date() < deadline { usleep(10_000) }
            return !box.isRunning
        }) ?? false
    }

    /// SIGKILL, then waits for the exit.
    func killHard() async throws {
        guard self.isRunning else { throw E2E.Failure("\(self.label) (pid \(self.pid)) had already exited") }
        kill(self.pid, SIGKILL)
        guard await self.waitForExit(limit: .seconds(30)) else {
            throw E2E.Failure("\(self.label) (pid \(self.pid)) still running after SIGKILL")
        }
    }

    /// SIGTERM, then SIGKILL when it has not exited within `limit`. Returns true when it exited by itself.
    @discardableResult
    func stop(limit: Duration = .seconds(40)) async -> Bool {
        guard self.isRunning else { return true }
        kill(self.pid, SIGTERM)
        if await self.waitForExit(limit: limit) { return true }
        kill(self.pid, SIGKILL)
        await self.waitForExit(limit: .seconds(30))
        return false
    }

    var stdout: String { (try? String(contentsOfFile: self.stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: self.stderrPath, encoding: .utf8)) ?? "" }

    /// The end of both outputs, for failure messages.
    var output: String {
        "--- \(self.label) stdout\n\(self.stdout.suffix(3000))\n--- \(self.label) stderr\n\(self.stderr.suffix(6000))"
    }
}
