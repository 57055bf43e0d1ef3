import Foundation
import XCheckTestSupport

/// The built `xcheck-coordinator` executable as a child process (a ``ChildProcess`` that has printed its
/// listening line). Output goes to files; every wait is bounded; only the PID started here is ever signalled.
final class CoordinatorProcess: Sendable {
    let child: ChildProcess
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(self.port)" }

    private init(child: ChildProcess, port: Int) {
        self.child = child
        self.port = port
    }

    typealias Failure = TestFailure

    /// This process's environment without the variables the coordinator would read instead of its flags.
    static var environment: [String: String] {
        ChildProcess.inheritedEnvironment(excluding: ["XCHECK_DATABASE_URL", "XCHECK_DATA_DIR", "XCHECK_KEY_FILE"].contains)
    }

    /// Starts `xcheck-coordinator serve --listen 127.0.0.1:0 --database-url URL --key-file FILE` and waits for its
    /// `listening http://127.0.0.1:PORT` line.
    static func serve(databaseURL: String, directory: String, label: String) async throws -> CoordinatorProcess {
        let arguments = [
            "serve", "--listen", "127.0.0.1:0", "--database-url", databaseURL, "--key-file", "\(directory)/credential.key",
            "--data-dir", "\(directory)/data", "--log-level", "warning",
        ]
        let child = try ChildProcess.launch(
            TestSettings.coordinatorExecutable, arguments, environment: Self.environment, directory: directory, label: label)
        do {
            let port = try await bounded(.seconds(90), "\(label) printing its listening line") { () -> Int in
                while true {
                    for line in child.stdout.split(separator: "\n") where line.hasPrefix("listening http://127.0.0.1:") {
                        if let port = Int(line.dropFirst("listening http://127.0.0.1:".count)) { return port }
                    }
                    if !child.isRunning {
                        throw Failure(description: "\(label) exited before listening: \(child.stderr.suffix(2000))")
                    }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            return CoordinatorProcess(child: child, port: port)
        } catch {
            if child.isRunning { try? await child.killHard() }
            throw error
        }
    }

    /// Runs an admin command (`agents add`, `tokens add`, ...) to completion; returns its standard output.
    static func admin(_ arguments: [String], directory: String) async throws -> String {
        let label = TestEnvironment.uniqueName("admin-")
        let child = try ChildProcess.launch(
            TestSettings.coordinatorExecutable, arguments, environment: Self.environment, directory: directory, label: label)
        guard await child.waitForExit(limit: .seconds(90)) else {
            try? await child.killHard()
            throw Failure(description: "xcheck-coordinator \(arguments.first ?? "") did not finish; killed")
        }
        guard child.exitStatus == 0 else {
            throw Failure(description: "xcheck-coordinator \(arguments.prefix(2)) exited with \(child.termination): \(child.stderr.suffix(2000))")
        }
        return child.stdout
    }

    /// SIGKILL, then waits for the exit.
    func killHard() async throws { try await self.child.killHard() }

    /// SIGTERM (graceful shutdown), then SIGKILL if it has not exited within `limit`. Safe to call twice.
    func stop(limit: Duration = .seconds(30)) async { await self.child.stop(limit: limit) }

    var isRunning: Bool { self.child.isRunning }

    /// Both output files, for failure messages.
    var output: String { self.child.output }
}
