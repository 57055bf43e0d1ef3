import LibPQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Stops and starts the test cluster with pg_ctl (see ``TestDatabase`` for the environment variables).
enum ServerControl {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func stop() async throws {
        try await self.pgctl(["stop", "-m", "fast", "-w", "-t", "30"])
    }

    /// Starts the server with the options of its last start (`pg_ctl restart` reads postmaster.opts when the
    /// server is not running).
    static func start() async throws {
        var arguments = ["restart", "-m", "fast", "-w", "-t", "30"]
        if let log = TestDatabase.environment("XCHECK_TEST_PGCTL_LOG") { arguments += ["-l", log] }
        try await self.pgctl(arguments)
    }

    private static func pgctl(_ arguments: [String]) async throws {
        guard let data = TestDatabase.environment("XCHECK_TEST_PGCTL_DATA"),
            let bin = TestDatabase.environment("XCHECK_TEST_PGBIN")
        else { throw Failure(description: "XCHECK_TEST_PGCTL_DATA and XCHECK_TEST_PGBIN are required") }
        var command = ["\(bin)/pg_ctl", "-D", data] + arguments
        // pg_ctl refuses to run as root: run it as the data directory's owner.
        var info = stat()
        if geteuid() == 0, stat(data, &info) == 0, info.st_uid != 0, let owner = getpwuid(info.st_uid) {
            command = ["/usr/sbin/runuser", "-u", String(cString: owner.pointee.pw_name), "--"] + command
        }
        let finalCommand = command
        let status = try await OffThread.run { try self.spawnAndWait(finalCommand) }
        guard status == 0 else {
            throw Failure(description: "pg_ctl \(arguments.first ?? "") exited with status \(status)")
        }
    }

    /// Runs `command` with stdin/stdout/stderr on /dev/null and returns its exit status. Blocking.
    private static func spawnAndWait(_ command: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(
                &actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) }
        arguments.append(nil)
        defer { for argument in arguments { free(argument) } }
        var pid = pid_t()
        let rc = posix_spawn(&pid, command[0], &actions, nil, arguments, environ)
        guard rc == 0 else { throw Failure(description: "posix_spawn \(command[0]) failed: \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "waitpid failed") }
        }
        // WIFEXITED / WEXITSTATUS
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
    }
}
