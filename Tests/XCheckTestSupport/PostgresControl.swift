#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs `pg_ctl` against the shared test server: `$XCHECK_TEST_PGBIN/pg_ctl -D $XCHECK_TEST_PGCTL_DATA ...`
/// (deploy/dev/isolated-tests.sh sets both). As root, pg_ctl runs as the data directory's owner through runuser
/// (PostgreSQL refuses to run as root).
///
/// pg_ctl is started with posix_spawn and awaited with waitpid, not with Foundation's `Process`: the server it
/// launches inherits the descriptors Foundation uses to notice that its child ended, so `Process` would wait for
/// the server, not for pg_ctl.
public enum PostgresControl {
    /// Runs `pg_ctl -D <data> arguments...` off the cooperative pool with stdin, stdout and stderr on /dev/null,
    /// waiting at most 180 s (then it is killed and this throws). Returns its exit status (-1 after a signal), or
    /// nil when it could not be collected (reaped elsewhere): the caller then checks the server's state itself.
    public static func pgctl(_ arguments: [String]) async throws -> Int32? {
        guard let data = TestEnvironment.variable("XCHECK_TEST_PGCTL_DATA"),
            let bin = TestEnvironment.variable("XCHECK_TEST_PGBIN")
        else { throw TestFailure("XCHECK_TEST_PGCTL_DATA and XCHECK_TEST_PGBIN are required") }
        var command = ["\(bin)/pg_ctl", "-D", data] + arguments
        var info = stat()
        if geteuid() == 0, stat(data, &info) == 0, info.st_uid != 0, let owner = getpwuid(info.st_uid) {
            command = ["/usr/sbin/runuser", "-u", String(cString: owner.pointee.pw_name), "--"] + command
        }
        let final = command
        return try await OffPool.run { try self.spawnAndWait(final) }
    }

    /// The first line of the options file the server was last started with (for failure messages).
    public static var postmasterOptions: String {
        guard let data = TestEnvironment.variable("XCHECK_TEST_PGCTL_DATA"), let file = fopen("\(data)/postmaster.opts", "r") else {
            return ""
        }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 4096)
        return fgets(&line, Int32(line.count), file) != nil ? String(cString: line) : ""
    }

    /// posix_spawn with stdin/stdout/stderr on /dev/null (the server keeps them), then waitpid for that PID only,
    /// bounded: after 180 s the child is killed. Blocking.
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
        guard rc == 0 else { throw TestFailure("posix_spawn \(command[0]) failed: \(rc)") }
        var status: Int32 = 0
        var waited = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 {
                if errno == EINTR { continue }
                return nil  // ECHILD: collected by someone else.
            }
            waited += 1
            if waited > 18_000 {  // 180 s
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw TestFailure("\(command.joined(separator: " ")) did not finish within 180 s; killed")
            }
            usleep(10_000)
        }
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1  // WIFEXITED ? WEXITSTATUS : -1
    }
}
