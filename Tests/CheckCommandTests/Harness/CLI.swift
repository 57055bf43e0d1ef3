import Foundation
import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What one run of the `xcheck` binary produced.
struct CLIResult: Sendable, CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    var stdout: String
    /// Standard error (what the terminal received, when it was a pseudo-terminal).
    var stderr: String

    var allOutput: String { self.stdout + "\n" + self.stderr }

    var description: String {
        "xcheck \(self.arguments.joined(separator: " ")) → exit \(self.status)\n--- stdout\n\(self.stdout)\n--- stderr\n\(self.stderr)"
    }

    /// Standard output as one JSON document.
    func json() throws -> JSONValue { try JSONValue(parsing: self.stdout) }

    /// Standard output decoded as `T`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(self.stdout.utf8))
    }
}

/// Runs the built `xcheck` as a child process, off the cooperative pool. Its environment is the test process's
/// without any `XCHECK_*` variable, with HOME set to an empty folder and XCHECK_CONFIG to a file that does not
/// exist (so no developer's config file or variable is ever read), then `environment` on top; names in
/// `removing` are left out.
enum CLI {
    static var executable: String { "\(TestEnvironment.binDirectory)/xcheck" }

    static func run(
        _ arguments: [String], environment: [String: String] = [:], removing: Set<String> = [], home: String,
        stderrIsTerminal: Bool = false, timeout: Double = 90, stdin: String? = nil
    ) async throws -> CLIResult {
        var childEnvironment = ChildProcess.cleanEnvironment([
            "HOME": home, "XCHECK_CONFIG": "\(home)/no-such-config",
        ])
        for (name, value) in environment { childEnvironment[name] = value }
        for name in removing { childEnvironment.removeValue(forKey: name) }
        let final = childEnvironment
        let path = self.executable
        return try await OffPool.run {
            try self.runBlocking(
                path: path, arguments: arguments, environment: final, stderrIsTerminal: stderrIsTerminal, timeout: timeout, stdin: stdin)
        }
    }

    private static func runBlocking(
        path: String, arguments: [String], environment: [String: String], stderrIsTerminal: Bool, timeout: Double,
        stdin: String? = nil
    ) throws -> CLIResult {
        let files = FileManager.default
        guard files.isExecutableFile(atPath: path) else {
            throw ChildProcess.Failure(description: "no xcheck binary at \(path); run `swift build --build-tests` first")
        }
        let directory = files.temporaryDirectory.appendingPathComponent("xcheck-check-cli-\(UUID().uuidString)")
        try files.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? files.removeItem(at: directory) }
        let stdoutURL = directory.appendingPathComponent("stdout")
        let stderrURL = directory.appendingPathComponent("stderr")
        guard files.createFile(atPath: stdoutURL.path, contents: nil), files.createFile(atPath: stderrURL.path, contents: nil) else {
            throw ChildProcess.Failure(description: "cannot create output files in \(directory.path)")
        }
        let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
        let stderrHandle = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdoutHandle.close()
            try? stderrHandle.close()
        }
        var terminal: PseudoTerminal?
        if stderrIsTerminal { terminal = try PseudoTerminal() }
        defer { terminal?.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        if let stdin {
            let stdinURL = directory.appendingPathComponent("stdin")
            guard files.createFile(atPath: stdinURL.path, contents: Data(stdin.utf8)), let handle = FileHandle(forReadingAtPath: stdinURL.path) else {
                throw ChildProcess.Failure(description: "cannot create the standard input file in \(directory.path)")
            }
            process.standardInput = handle
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        process.standardOutput = stdoutHandle
        if let terminal {
            process.standardError = FileHandle(fileDescriptor: terminal.follower, closeOnDealloc: false)
        } else {
            process.standardError = stderrHandle
        }
        try process.run()
        let pid = process.processIdentifier
        // The child has its own copy of the terminal's follower side: close ours, so that reading the leader
        // ends (EIO) once the child is gone.
        terminal?.closeFollower()
        var fromTerminal: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline {
            if let terminal { fromTerminal += terminal.drain() }
            usleep(5_000)
        }
        var timedOut = false
        if process.isRunning {
            timedOut = true
            kill(pid, SIGKILL)
        }
        process.waitUntilExit()
        if let terminal { fromTerminal += terminal.drain() }
        try stdoutHandle.synchronize()
        try stderrHandle.synchronize()
        let result = CLIResult(
            arguments: arguments,
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
            stderr: terminal != nil ? String(decoding: fromTerminal, as: UTF8.self) : String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self)
        )
        if timedOut {
            throw ChildProcess.Failure(description: "xcheck was still running after \(timeout) s; killed pid \(pid)\n\(result)")
        }
        if process.terminationReason == .uncaughtSignal {
            throw ChildProcess.Failure(description: "xcheck was killed by signal \(result.status)\n\(result)")
        }
        return result
    }
}

/// A pseudo-terminal pair (posix_openpt): the child writes to the follower side, the test reads the leader side.
final class PseudoTerminal: @unchecked Sendable {
    // Used by one thread (the runner's).
    let leader: Int32
    private(set) var follower: Int32

    // posix_openpt, grantpt, unlockpt and ptsname are not in Swift's Glibc module (they need _XOPEN_SOURCE):
    // looked up in the C library at run time.
    private typealias IntFunction = @convention(c) (Int32) -> Int32
    private typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    private static func function<T>(_ name: String, as type: T.Type) throws -> T {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
            throw ChildProcess.Failure(description: "\(name) is not in the C library")
        }
        return unsafeBitCast(symbol, to: T.self)
    }

    init() throws {
        let openpt = try Self.function("posix_openpt", as: IntFunction.self)
        let grantpt = try Self.function("grantpt", as: IntFunction.self)
        let unlockpt = try Self.function("unlockpt", as: IntFunction.self)
        let ptsname = try Self.function("ptsname", as: NameFunction.self)
        let leader = openpt(O_RDWR | O_NOCTTY)
        guard leader >= 0 else { throw ChildProcess.Failure(description: "posix_openpt failed: errno \(errno)") }
        guard grantpt(leader) == 0, unlockpt(leader) == 0, let name = ptsname(leader) else {
            Glibc.close(leader)
            throw ChildProcess.Failure(description: "grantpt/unlockpt/ptsname failed: errno \(errno)")
        }
        let follower = open(name, O_RDWR | O_NOCTTY)
        guard follower >= 0 else {
            Glibc.close(leader)
            throw ChildProcess.Failure(description: "cannot open the terminal's follower side: errno \(errno)")
        }
        // Raw output: the test sees exactly the bytes written (no "\n" → "\r\n").
        var settings = termios()
        if tcgetattr(follower, &settings) == 0 {
            cfmakeraw(&settings)
            tcsetattr(follower, TCSANOW, &settings)
        }
        _ = fcntl(leader, F_SETFL, fcntl(leader, F_GETFL) | O_NONBLOCK)
        self.leader = leader
        self.follower = follower
    }

    func closeFollower() {
        if self.follower >= 0 {
            Glibc.close(self.follower)
            self.follower = -1
        }
    }

    /// Everything readable now (non-blocking).
    func drain() -> [UInt8] {
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(self.leader, $0.baseAddress!, $0.count) }
            if n <= 0 { break }
            collected += buffer[0..<n]
        }
        return collected
    }

    func close() {
        self.closeFollower()
        Glibc.close(self.leader)
    }
}
