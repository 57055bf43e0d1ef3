import Foundation
import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What one run of the `xcheck` binary produced.
struct CLIResult: Sendable, CustomStringConvertible {
    /// The exit status (the signal number when `signaled`).
    var status: Int32
    var stdout: String
    var stderr: String
    /// True when the process was ended by a signal rather than by `exit`.
    var signaled: Bool

    /// Both streams, for "appears nowhere" checks.
    var allOutput: String { self.stdout + "\n" + self.stderr }

    var description: String {
        "exit \(self.status)\(self.signaled ? " (signal)" : "")\n--- stdout\n\(self.stdout)\n--- stderr\n\(self.stderr)"
    }

    /// Standard output parsed as one JSON document.
    func json() throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(self.stdout.utf8))
    }
}

/// The runner could not run the binary, or the binary did not finish in time.
struct CLIRunnerError: Error, CustomStringConvertible {
    var description: String
    /// The PID of the child killed for running too long.
    var killedPID: Int32?
    init(_ description: String, killedPID: Int32? = nil) {
        self.description = description
        self.killedPID = killedPID
    }
}

/// Runs the built `xcheck` binary as a child process, off Swift's cooperative thread pool.
enum CLIRunner {
    /// How long one run may take before the child is killed and the test fails.
    static let timeoutSeconds: Double = 30

    /// `<binDirectory>/xcheck`.
    static var executablePath: String { "\(TestEnvironment.binDirectory)/xcheck" }

    /// Runs `xcheck arguments...`.
    ///
    /// - Parameters:
    ///   - arguments: the command-line arguments (without the program name).
    ///   - stdin: text for standard input; nil connects standard input to /dev/null.
    ///   - environment: variables added to (or replacing) the test process's environment. `XCHECK_PASSWORD` is
    ///     never inherited, only passed when given here.
    ///   - timeout: seconds before the child is killed (``timeoutSeconds`` unless a test of the runner says so).
    /// - Throws: ``CLIRunnerError`` when the binary is missing, was killed by a signal, or ran longer than
    ///   ``timeoutSeconds`` (it is then killed by its PID).
    static func run(
        _ arguments: [String],
        stdin: String? = nil,
        environment: [String: String] = [:],
        timeout: Double = CLIRunner.timeoutSeconds
    ) async throws -> CLIResult {
        let path = self.executablePath
        return try await OffPool.run {
            try self.runBlocking(path: path, arguments: arguments, stdin: stdin, environment: environment, timeout: timeout)
        }
    }

    /// `run` with `probe` in front of the arguments.
    static func probe(
        _ arguments: [String],
        stdin: String? = nil,
        environment: [String: String] = [:],
        timeout: Double = CLIRunner.timeoutSeconds
    ) async throws -> CLIResult {
        try await self.run(["probe"] + arguments, stdin: stdin, environment: environment, timeout: timeout)
    }

    private static func runBlocking(
        path: String,
        arguments: [String],
        stdin: String?,
        environment: [String: String],
        timeout: Double
    ) throws -> CLIResult {
        let files = FileManager.default
        guard files.isExecutableFile(atPath: path) else {
            throw CLIRunnerError("no xcheck binary at \(path); run `swift build --build-tests` first")
        }

        // Output goes to files, not pipes: nothing can block on a full pipe, and no reader threads are needed.
        let directory = files.temporaryDirectory.appendingPathComponent("xcheck-cli-test-\(UUID().uuidString)")
        try files.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? files.removeItem(at: directory) }
        let stdoutURL = directory.appendingPathComponent("stdout")
        let stderrURL = directory.appendingPathComponent("stderr")
        guard files.createFile(atPath: stdoutURL.path, contents: nil),
            files.createFile(atPath: stderrURL.path, contents: nil)
        else { throw CLIRunnerError("cannot create output files in \(directory.path)") }
        let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
        let stderrHandle = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdoutHandle.close()
            try? stderrHandle.close()
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var childEnvironment = ProcessInfo.processInfo.environment
        childEnvironment.removeValue(forKey: "XCHECK_PASSWORD")
        for (name, value) in environment { childEnvironment[name] = value }
        process.environment = childEnvironment
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle

        if let stdin {
            // Written before the child starts (it fits in the pipe buffer), so the test never blocks on it and
            // never gets SIGPIPE when the child exits without reading.
            let bytes = Data(stdin.utf8)
            guard bytes.count < 16 * 1024 else { throw CLIRunnerError("stdin text too long for the pipe buffer") }
            let pipe = Pipe()
            try pipe.fileHandleForWriting.write(contentsOf: bytes)
            try pipe.fileHandleForWriting.close()
            process.standardInput = pipe
        } else {
            process.standardInput = FileHandle.nullDevice
        }

        try process.run()
        let pid = process.processIdentifier
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline {
            usleep(5_000)
        }
        var timedOut = false
        if process.isRunning {
            timedOut = true
            kill(pid, SIGKILL)
        }
        process.waitUntilExit()

        try stdoutHandle.synchronize()
        try stderrHandle.synchronize()
        let result = CLIResult(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self),
            signaled: process.terminationReason == .uncaughtSignal
        )
        if timedOut {
            throw CLIRunnerError(
                "xcheck \(arguments) was still running after \(timeout) s; killed pid \(pid)\n\(result)",
                killedPID: pid
            )
        }
        if result.signaled {
            throw CLIRunnerError("xcheck \(arguments) was killed by signal \(result.status)\n\(result)")
        }
        return result
    }
}
