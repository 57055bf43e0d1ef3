import LibPQ
import XCheckTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Stops and starts the test server with pg_ctl (`XCHECK_TEST_PGBIN`, `XCHECK_TEST_PGCTL_DATA`). As root, pg_ctl
/// runs as the data directory's owner through runuser (PostgreSQL refuses to run as root).
///
/// pg_ctl is started with posix_spawn and awaited with waitpid, not with Foundation's `Process`: the server it
/// launches inherits the descriptors Foundation uses to notice that its child ended, so `Process` would wait for
/// the server, not for pg_ctl. Each call then confirms the server's state by connecting.
enum PostgresServer {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `pg_ctl stop -m fast`: the server ends every session and shuts down.
    static func stop() async throws {
        let status = try await self.pgctl(["stop", "-m", "fast", "-w", "-t", "60"])
        try await eventually("the server refuses connections", within: .seconds(60), interval: .milliseconds(200)) {
            !(await self.accepts())
        }
        if let status, status != 0 { throw Failure(description: "pg_ctl stop exited with \(status)") }
    }

    /// Starts the server again with the options of its last start: `pg_ctl restart` on a stopped server reads them
    /// from postmaster.opts (the postgres command line it was started with).
    static func start() async throws {
        var arguments = ["restart", "-m", "fast", "-w", "-t", "60"]
        if let log = TestSettings.environment("XCHECK_TEST_PGCTL_LOG") { arguments += ["-l", log] }
        let status = try await self.pgctl(arguments)
        try await eventually("the server accepts connections again", within: .seconds(60), interval: .milliseconds(200)) {
            await self.accepts()
        }
        if let status, status != 0 { throw Failure(description: "pg_ctl restart exited with \(status) (postmaster.opts: \(self.postmasterOptions))") }
    }

    /// True when a connection to the test server succeeds.
    static func accepts() async -> Bool {
        (try? await ScratchDatabase.onServer { try $0.query("SELECT 1").count }) == 1
    }

    /// The options file the server was started with (for failure messages).
    static var postmasterOptions: String {
        guard let data = TestSettings.environment("XCHECK_TEST_PGCTL_DATA"), let file = fopen("\(data)/postmaster.opts", "r") else { return "" }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 4096)
        return fgets(&line, Int32(line.count), file) != nil ? String(cString: line) : ""
    }

    /// Runs pg_ctl; returns its exit status, or nil when it could not be collected (reaped elsewhere).
    private static func pgctl(_ arguments: [String]) async throws -> Int32? {
        guard let data = TestSettings.environment("XCHECK_TEST_PGCTL_DATA"),
            let bin = TestSettings.environment("XCHECK_TEST_PGBIN")
        else { throw Failure(description: "XCHECK_TEST_PGCTL_DATA and XCHECK_TEST_PGBIN are required") }
        var command = ["\(bin)/pg_ctl", "-D", data] + arguments
        var info = stat()
        if geteuid() == 0, stat(data, &info) == 0, info.st_uid != 0, let owner = getpwuid(info.st_uid) {
            command = ["/usr/sbin/runuser", "-u", String(cString: owner.pointee.pw_name), "--"] + command
        }
        let final = command
        return try await OffPool.run { try self.spawnAndWait(final) }
    }

    /// posix_spawn with stdin/stdout/stderr on /dev/null (the server keeps them), then waitpid for that PID only,
    /// bounded: after 180 s the child is killed.
    private static func spawnAndWait(_ command: [String]) throws -> Int32? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) }
        arguments.append(nil)
        defer { for argument in arguments { free(argument) } }
        var pid = pid_t()
        let rc = posix_spawn(&pid, command[0], &actions, nil, arguments, environ)
        guard rc == 0 else { throw Failure(description: "posix_spawn \(command[0]) failed: \(rc)") }
        var status: Int32 = 0
        var waited = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 {
                if errno == EINTR { continue }
                return nil  // ECHILD: collected by someone else; the caller checks the server instead.
            }
            waited += 1
            if waited > 18_000 {  // 180 s
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw Failure(description: "\(command.joined(separator: " ")) did not finish within 180 s; killed")
            }
            usleep(10_000)
        }
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
    }
}
