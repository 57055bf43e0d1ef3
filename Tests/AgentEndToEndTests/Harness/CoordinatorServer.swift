import Foundation
import XCheckTestSupport

/// The built `xcheck-coordinator` as a child process: `serve` on 127.0.0.1, and the admin commands.
final class CoordinatorServer: Sendable {
    let child: ChildProcess
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(self.port)" }

    private init(child: ChildProcess, port: Int) {
        self.child = child
        self.port = port
    }

    /// Variables the coordinator would otherwise read instead of its flags.
    static let foreignVariables = ["XCHECK_DATABASE_URL", "XCHECK_DATA_DIR", "XCHECK_KEY_FILE"]

    /// This process's environment without ``foreignVariables``.
    static var environment: [String: String] { ChildProcess.inheritedEnvironment(excluding: Self.foreignVariables.contains) }

    /// Options shared by every command: the database, and the key file and data folder under `directory`.
    static func databaseArguments(_ databaseURL: String, directory: String) -> [String] {
        ["--database-url", databaseURL, "--key-file", "\(directory)/credential.key", "--data-dir", "\(directory)/data"]
    }

    /// Starts `xcheck-coordinator serve --listen 127.0.0.1:PORT` (0: any free port) and waits for its
    /// `listening http://127.0.0.1:PORT` line.
    static func serve(databaseURL: String, directory: String, label: String, port: Int = 0) async throws -> CoordinatorServer {
        let arguments = ["serve", "--listen", "127.0.0.1:\(port)", "--log-level", "warning"]
            + Self.databaseArguments(databaseURL, directory: directory)
        let child = try ChildProcess.launch(
            E2E.coordinatorBinary, arguments, environment: Self.environment, directory: directory, label: label)
        do {
            var bound: Int?
            try await eventually("\(label) printing its listening line", within: .seconds(90), interval: .milliseconds(50)) {
                for line in child.stdout.split(separator: "\n") where line.hasPrefix("listening http://127.0.0.1:") {
                    bound = Int(line.dropFirst("listening http://127.0.0.1:".count))
                }
                if bound != nil { return true }
                if !child.isRunning { throw E2E.Failure("\(label) exited before listening:\n\(child.output)") }
                return false
            }
            return CoordinatorServer(child: child, port: bound!)
        } catch {
            if child.isRunning { try? await child.killHard() }
            throw error
        }
    }

    /// Runs an admin command (`agents add`, `tokens add`, `agents revoke`) to completion; returns its stdout.
    static func admin(_ arguments: [String], databaseURL: String, directory: String) async throws -> String {
        let label = TestEnvironment.uniqueName("admin-")
        let child = try ChildProcess.launch(
            E2E.coordinatorBinary, arguments + Self.databaseArguments(databaseURL, directory: directory),
            environment: Self.environment, directory: directory, label: label)
        guard await child.waitForExit(limit: .seconds(90)) else {
            try? await child.killHard()
            throw E2E.Failure("xcheck-coordinator \(arguments.prefix(2)) did not finish; killed")
        }
        guard child.exitStatus == 0 else {
            throw E2E.Failure("xcheck-coordinator \(arguments.prefix(2)) failed:\n\(child.output)")
        }
        return child.stdout
    }

    /// The last non-empty line of an admin command's output (where tokens are printed).
    static func lastLine(_ output: String) -> String {
        output.split(separator: "\n").last.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
    }
}
