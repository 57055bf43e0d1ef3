import Synchronization

@testable import EmbeddedPostgres

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Test helpers that look at a server from outside: `psql`, the process table, bounded waits.
enum ServerProbe {
    /// The binaries the tests use (discovered like the service does).
    static var binaries: PostgresBinaries {
        get throws { try PostgresBinaries.discover() }
    }

    /// Runs one SQL command with `psql` against `url`; returns its trimmed unaligned output, throws when psql
    /// fails.
    static func psql(_ url: String, _ sql: String) async throws -> String {
        let command = Command(
            executable: try self.binaries.psql,
            arguments: ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
            environment: ProcessEnvironment.forChild()
        )
        let result = try await ChildProcess.run(command, timeout: .seconds(30))
        guard result.status.isSuccess else {
            throw EmbeddedPostgresError.commandFailed(command: "psql", status: result.status, output: result.output)
        }
        return result.output.trimmingTrailingWhitespace()
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` passes; returns whether it held.
    static func waitUntil(timeout: Duration, _ condition: () -> Bool) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while !condition() {
            if clock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return true
    }

    /// True once no process works in the cluster directory (the postmaster and all its children are gone);
    /// waits up to `timeout`.
    static func clusterIsIdle(
        _ configuration: EmbeddedPostgresConfiguration,
        timeout: Duration = .seconds(15)
    ) async -> Bool {
        await self.waitUntil(timeout: timeout) {
            ProcessTable.processes(workingIn: configuration.clusterDirectory).isEmpty
        }
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    static func freeLoopbackPort() -> Int? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { return nil }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// How a `run()` in a background task ended, observable with a bounded wait.
final class RunOutcome: Sendable {
    private let result = Mutex<Result<Void, any Error>?>(nil)

    /// Runs `service.run()` in a new task and records how it ends.
    static func start(_ service: EmbeddedPostgres) -> (RunOutcome, Task<Void, Never>) {
        let outcome = RunOutcome()
        let task = Task {
            do {
                try await service.run()
                outcome.result.withLock { $0 = .success(()) }
            } catch {
                outcome.result.withLock { $0 = .failure(error) }
            }
        }
        return (outcome, task)
    }

    /// Waits up to `timeout` for the run to end; nil if it did not.
    func wait(timeout: Duration) async -> Result<Void, any Error>? {
        _ = await ServerProbe.waitUntil(timeout: timeout) { self.result.withLock { $0 != nil } }
        return self.result.withLock { $0 }
    }

    /// Records an outcome (for runs driven by something else, such as a `ServiceGroup`).
    func record(_ result: Result<Void, any Error>) {
        self.result.withLock { $0 = result }
    }
}
