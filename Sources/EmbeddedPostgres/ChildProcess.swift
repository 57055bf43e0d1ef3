import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A child process started with `posix_spawn`, which this object alone reaps.
///
/// The child gets `/dev/null` as standard input, default signal dispositions and an empty signal mask, and no
/// descriptor of the coordinator's beyond 0–2 (where the C library can close them). Its exit is noticed by
/// polling `waitpid(WNOHANG)`, which never blocks a Swift concurrency thread. The PID is only signalled while
/// the child is not yet reaped, so a recycled PID is never hit.
final class ChildProcess: Sendable {
    /// Where the child's standard output and standard error go.
    enum Output: Sendable {
        /// To `/dev/null`.
        case discard
        /// Into a pipe this object reads; see ``output``.
        case capture
        /// Appended to a file (created `0600` if missing).
        case appendToFile(String)
    }

    /// A finished command.
    struct Result: Sendable {
        var status: ProcessExitStatus
        /// Combined standard output and standard error (at most the last 256 KiB).
        var output: String
    }

    private struct State {
        var status: ProcessExitStatus?
        var pipe: Int32
        var output: [UInt8] = []
    }

    private static let maximumCapture = 256 * 1024

    /// The child's process ID.
    let pid: pid_t
    /// The program's name, for messages.
    let name: String
    private let state: Mutex<State>

    private init(pid: pid_t, name: String, pipe: Int32) {
        self.pid = pid
        self.name = name
        self.state = Mutex(State(pipe: pipe))
    }

    deinit {
        self.state.withLock { state in
            if state.pipe >= 0 {
                close(state.pipe)
                state.pipe = -1
            }
        }
    }

    /// Starts `command`. With `newProcessGroup` the child leads a process group of its own, so a Ctrl-C in the
    /// coordinator's terminal reaches the coordinator only, which then stops the child in its own order.
    static func spawn(
        _ command: Command,
        output: Output,
        newProcessGroup: Bool = false
    ) throws(EmbeddedPostgresError) -> ChildProcess {
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        var readEnd: Int32 = -1
        var writeEnd: Int32 = -1
        switch output {
        case .discard:
            posix_spawn_file_actions_addopen(&fileActions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_adddup2(&fileActions, 1, 2)
        case .capture:
            guard let ends = SpawnExtensions.closeOnExecPipe() else {
                throw .spawnFailed(executable: command.executable, errno: errno)
            }
            readEnd = ends[0]
            writeEnd = ends[1]
            posix_spawn_file_actions_adddup2(&fileActions, writeEnd, 1)
            posix_spawn_file_actions_adddup2(&fileActions, writeEnd, 2)
        case .appendToFile(let path):
            posix_spawn_file_actions_addopen(&fileActions, 1, path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            posix_spawn_file_actions_adddup2(&fileActions, 1, 2)
        }
        if let addCloseFrom = SpawnExtensions.addCloseFrom {
            _ = addCloseFrom(&fileActions, 3)
        }
        if let directory = command.workingDirectory, let addChdir = SpawnExtensions.addChdir {
            _ = addChdir(&fileActions, directory)
        }

        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        if newProcessGroup {
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv: [UnsafeMutablePointer<CChar>?] = ([command.executable] + command.arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = command.environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }

        var pid: pid_t = 0
        let result = posix_spawn(&pid, command.executable, &fileActions, &attributes, argv, envp)
        if writeEnd >= 0 { close(writeEnd) }
        guard result == 0 else {
            if readEnd >= 0 { close(readEnd) }
            throw .spawnFailed(executable: command.executable, errno: result)
        }
        if readEnd >= 0 {
            _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        }
        return ChildProcess(pid: pid, name: command.displayName, pipe: readEnd)
    }

    /// Runs `command` to its end, capturing its output. The child is killed (`SIGKILL`) and reaped when
    /// `timeout` passes (``EmbeddedPostgresError/commandTimedOut(command:timeout:)``) or the task is cancelled
    /// (`CancellationError`). A non-zero exit is not an error here; see ``Result/status``.
    static func run(_ command: Command, timeout: Duration) async throws -> Result {
        let process = try self.spawn(command, output: .capture)
        let status: ProcessExitStatus?
        do {
            status = try await process.waitForExit(timeout: timeout, pollInterval: .milliseconds(25))
        } catch {
            process.killAndReap()
            throw error
        }
        guard let status else {
            process.killAndReap()
            throw EmbeddedPostgresError.commandTimedOut(command: command.displayName, timeout: timeout)
        }
        return Result(status: status, output: process.output)
    }

    /// Like ``run(_:timeout:)`` but blocking the calling thread; for quick look-ups (`pg_config --bindir`)
    /// from synchronous code only.
    static func runBlocking(_ command: Command, timeout: Duration) throws(EmbeddedPostgresError) -> Result {
        let process = try self.spawn(command, output: .capture)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            if let status = process.poll() {
                return Result(status: status, output: process.output)
            }
            if clock.now >= deadline {
                process.killAndReap()
                throw .commandTimedOut(command: command.displayName, timeout: timeout)
            }
            usleep(2_000)
        }
    }

    /// Reads pending output and reaps the child if it has exited; returns its exit status once it has.
    @discardableResult
    func poll() -> ProcessExitStatus? {
        self.state.withLock { state in
            Self.drain(&state)
            if let status = state.status { return status }
            var raw: Int32 = 0
            let result = waitpid(self.pid, &raw, WNOHANG)
            if result == self.pid {
                state.status = ProcessExitStatus(waitStatus: raw)
                Self.drain(&state)
            } else if result < 0, errno == ECHILD {
                // Reaped elsewhere (nothing in this module does that); the status is lost.
                state.status = .exited(-1)
            }
            return state.status
        }
    }

    /// The exit status if the child has been reaped; does not poll.
    var exitStatus: ProcessExitStatus? {
        self.state.withLock { $0.status }
    }

    /// Everything captured so far (for ``Output/capture``).
    var output: String {
        self.state.withLock { state in
            Self.drain(&state)
            return String(decoding: state.output, as: UTF8.self)
        }
    }

    /// Sends `signal` to the child if it has not been reaped yet; returns whether it was sent.
    @discardableResult
    func signal(_ signal: Int32) -> Bool {
        self.state.withLock { state in
            guard state.status == nil else { return false }
            return kill(self.pid, signal) == 0
        }
    }

    /// Waits until the child exits and returns its status, or nil when `timeout` passes first (nil timeout:
    /// no limit). Throws `CancellationError` when the task is cancelled; the child is left running then.
    func waitForExit(timeout: Duration?, pollInterval: Duration = .milliseconds(100)) async throws -> ProcessExitStatus?
    {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now.advanced(by: $0) }
        // Quick commands are noticed within milliseconds; long-running ones cost a wake-up per interval.
        var interval = Duration.milliseconds(2)
        while true {
            if let status = self.poll() { return status }
            if let deadline, clock.now >= deadline { return nil }
            try await Task.sleep(for: interval)
            interval = min(interval * 2, pollInterval)
        }
    }

    /// Kills the child with `SIGKILL` (if it is still running) and waits for it; blocks only as long as the
    /// kernel takes to end it.
    func killAndReap() {
        self.state.withLock { state in
            guard state.status == nil else { return }
            kill(self.pid, SIGKILL)
            var raw: Int32 = 0
            while true {
                let result = waitpid(self.pid, &raw, 0)
                if result == self.pid {
                    state.status = ProcessExitStatus(waitStatus: raw)
                    break
                }
                if result < 0, errno == EINTR { continue }
                state.status = .exited(-1)
                break
            }
            Self.drain(&state)
        }
    }

    /// Reads whatever the pipe holds without blocking; closes it at end of file.
    private static func drain(_ state: inout State) {
        guard state.pipe >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(state.pipe, $0.baseAddress, $0.count) }
            if count > 0 {
                state.output.append(contentsOf: buffer[0..<count])
                if state.output.count > Self.maximumCapture {
                    state.output.removeFirst(state.output.count - Self.maximumCapture)
                }
                continue
            }
            if count < 0, errno == EINTR { continue }
            if count == 0 {
                close(state.pipe)
                state.pipe = -1
            }
            return
        }
    }
}
