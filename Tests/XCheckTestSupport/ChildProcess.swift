public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A built executable (the coordinator, an agent, an admin command, the CLI) as a child process. Its output goes
/// to files (nothing can block on a full pipe); every wait is bounded and runs off the cooperative pool; only the
/// PID started here is ever signalled.
public final class ChildProcess: @unchecked Sendable {
    // `process` is only read after launch (isRunning, terminationStatus, terminationReason): safe to share.
    private let process: Process
    /// The child's process id.
    public let pid: Int32
    /// The name of its output files and of its part in failure messages.
    public let label: String
    /// `<directory>/<label>.stdout`.
    public let stdoutPath: String
    /// `<directory>/<label>.stderr`.
    public let stderrPath: String

    /// What the harness throws.
    public typealias Failure = TestFailure

    private init(process: Process, label: String, stdoutPath: String, stderrPath: String) {
        self.process = process
        self.pid = process.processIdentifier
        self.label = label
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
    }

    /// This process's environment without the variables `excluded` matches, plus `extra`.
    public static func inheritedEnvironment(
        excluding excluded: (String) -> Bool, adding extra: [String: String] = [:]
    ) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !excluded($0.key) }
        for (name, value) in extra { environment[name] = value }
        return environment
    }

    /// Only PATH (this process's, else `/usr/bin:/bin`), plus `extra`.
    public static func minimalEnvironment(adding extra: [String: String] = [:]) -> [String: String] {
        var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        for (name, value) in extra { environment[name] = value }
        return environment
    }

    /// Starts `executable arguments...` with exactly `environment`, standard input on /dev/null and its output in
    /// `<directory>/<label>.stdout|stderr` (standard error in `standardError` instead, when given).
    public static func launch(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String, label: String,
        standardError: FileHandle? = nil
    ) throws -> ChildProcess {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw Failure("no executable at \(executable); run `swift build --build-tests` first")
        }
        let stdoutPath = "\(directory)/\(label).stdout"
        let stderrPath = "\(directory)/\(label).stderr"
        guard FileManager.default.createFile(atPath: stdoutPath, contents: nil),
            FileManager.default.createFile(atPath: stderrPath, contents: nil)
        else { throw Failure("cannot create \(stdoutPath)") }
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

    /// Launches a command and waits up to `limit` for it to finish; returns the finished child. Past the limit the
    /// child is killed and this throws.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String, label: String,
        limit: Duration = .seconds(90)
    ) async throws -> ChildProcess {
        let child = try self.launch(executable, arguments, environment: environment, directory: directory, label: label)
        guard await child.waitForExit(limit: limit) else {
            try? await child.killHard()
            throw Failure("\(label) was still running after \(limit); killed pid \(child.pid)\n\(child.output)")
        }
        return child
    }

    /// Whether the child still runs.
    public var isRunning: Bool { self.process.isRunning }

    /// The exit status after a normal exit; nil while running or after a death by signal.
    public var exitStatus: Int32? {
        guard !self.process.isRunning, self.process.terminationReason == .exit else { return nil }
        return self.process.terminationStatus
    }

    /// The signal that ended the process, if one did.
    public var terminatingSignal: Int32? {
        guard !self.process.isRunning, self.process.terminationReason == .uncaughtSignal else { return nil }
        return self.process.terminationStatus
    }

    /// How it ended, for messages: `exit N`, `signal N` or `running`.
    public var termination: String {
        if let status = self.exitStatus { return "exit \(status)" }
        if let signal = self.terminatingSignal { return "signal \(signal)" }
        return "running"
    }

    /// Sends a signal to this child (only while it runs).
    public func signal(_ number: Int32) {
        guard self.process.isRunning else { return }
        kill(self.pid, number)
    }

    /// Waits (off the cooperative pool) until the process has exited; false when it still runs at `limit`.
    @discardableResult
    public func waitForExit(limit: Duration) async -> Bool {
        let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
        let box = self
        return (try? await OffPool.run { () -> Bool in
            let deadline = Date().addingTimeInterval(seconds)
            while box.isRunning, Date() < deadline { usleep(5_000) }
            return !box.isRunning
        }) ?? false
    }

    /// SIGKILL, then waits for the exit. Throws when the child had already exited or survives SIGKILL.
    public func killHard() async throws {
        guard self.isRunning else { throw Failure("\(self.label) (pid \(self.pid)) had already exited") }
        kill(self.pid, SIGKILL)
        guard await self.waitForExit(limit: .seconds(30)) else {
            throw Failure("\(self.label) (pid \(self.pid)) still running after SIGKILL")
        }
    }

    /// SIGTERM, then SIGKILL when it has not exited within `limit`. Returns true when it exited by itself (or had
    /// already exited). Safe to call twice.
    @discardableResult
    public func stop(limit: Duration = .seconds(40)) async -> Bool {
        guard self.isRunning else { return true }
        kill(self.pid, SIGTERM)
        if await self.waitForExit(limit: limit) { return true }
        kill(self.pid, SIGKILL)
        await self.waitForExit(limit: .seconds(30))
        return false
    }

    /// Its standard output so far.
    public var stdout: String { (try? String(contentsOfFile: self.stdoutPath, encoding: .utf8)) ?? "" }
    /// Its standard error so far.
    public var stderr: String { (try? String(contentsOfFile: self.stderrPath, encoding: .utf8)) ?? "" }

    /// The end of both outputs, for failure messages.
    public var output: String {
        "--- \(self.label) stdout\n\(self.stdout.suffix(3000))\n--- \(self.label) stderr\n\(self.stderr.suffix(6000))"
    }
}
