import Foundation
import XCheckTestSupport

/// Runs a program as a child process, off the cooperative pool, and collects its output.
enum ToolRunner {
    struct Result: Sendable, CustomStringConvertible {
        var status: Int32
        var output: String
        var description: String { "exit \(self.status)\n\(self.output)" }
    }

    /// The full path of a program on PATH (or the standard system folders), nil when it is not installed.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]
        for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
            return "\(folder)/\(name)"
        }
        return nil
    }

    /// Runs `path arguments...` with the environment given (plus PATH), merging stdout and stderr.
    static func run(
        _ path: String, _ arguments: [String], environment: [String: String] = [:], timeout: Double = 60
    ) async throws -> Result {
        try await OffPool.run {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xcheck-tool-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let outputURL = directory.appendingPathComponent("output")
            _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
            let handle = try FileHandle(forWritingTo: outputURL)
            defer { try? handle.close() }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            var childEnvironment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
            for (name, value) in environment { childEnvironment[name] = value }
            process.environment = childEnvironment
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning, Date() < deadline { usleep(10_000) }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            try handle.synchronize()
            return Result(
                status: process.terminationStatus,
                output: String(decoding: try Data(contentsOf: outputURL), as: UTF8.self)
            )
        }
    }
}
