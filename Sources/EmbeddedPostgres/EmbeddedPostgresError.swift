/// Everything that can go wrong while creating, starting, watching or stopping the embedded PostgreSQL server.
///
/// Every case's ``description`` is a complete sentence meant for the operator; none contains a password (the
/// embedded server has none: it trusts connections on its private socket).
public enum EmbeddedPostgresError: Error, Sendable, CustomStringConvertible {
    /// No directory with `postgres`, `initdb` and `pg_ctl` was found. `searched` lists the places tried, for logs.
    case binariesNotFound(searched: [String])
    /// The server binaries were found but a client tool the embedded mode runs (`psql`, `pg_isready`) was not.
    case clientToolNotFound(name: String, searched: [String])
    /// The cluster on disk was made by another major version than the binaries found.
    case dataVersionMismatch(dataVersion: String, binaryVersion: String, binDirectory: String)
    /// Running as root, but there is no `postgres` OS user to run the server as.
    case serverUserMissing(name: String)
    /// Running as root, but neither `setpriv` nor `runuser` was found to switch to the `postgres` user.
    case privilegeDropToolMissing
    /// The `postgres` OS user cannot reach the data directory (a parent directory lacks search permission).
    case directoryNotReachable(path: String, user: String)
    /// The Unix socket path would exceed the kernel's limit.
    case socketPathTooLong(path: String, limit: Int)
    /// `<data>/pgdata` exists and is not empty, but holds no PostgreSQL cluster.
    case notAClusterDirectory(path: String)
    /// An extra server setting has a name or value that cannot be written, or names a setting the embedded
    /// mode manages itself.
    case invalidSetting(name: String, reason: String)
    /// A configuration value is out of range.
    case invalidConfiguration(String)
    /// Another process (most likely another coordinator) holds the data directory's lock.
    case dataDirectoryInUse(path: String)
    /// A file-system call failed.
    case fileSystem(operation: String, path: String, errno: Int32)
    /// `posix_spawn` failed.
    case spawnFailed(executable: String, errno: Int32)
    /// A helper command (`initdb`, `psql`, ...) failed; `output` is its combined stdout and stderr.
    case commandFailed(command: String, status: ProcessExitStatus, output: String)
    /// A helper command did not finish in time and was killed.
    case commandTimedOut(command: String, timeout: Duration)
    /// The server exited (`status`) or did not accept connections in time (`status` is nil) while starting.
    case serverFailedToStart(status: ProcessExitStatus?, logFile: String, logTail: String)
    /// The server exited on its own while the coordinator was running.
    case serverExited(status: ProcessExitStatus, logFile: String, logTail: String)
    /// A server left over from an earlier run did not stop when asked to.
    case leftoverServerStillRunning(pid: Int32, dataDirectory: String)
    /// ``EmbeddedPostgres/start()`` was called while a start or stop was already in progress.
    case busy(String)

    /// The operator-facing message.
    public var description: String {
        switch self {
        case .binariesNotFound:
            return
                "PostgreSQL server binaries not found; install them with `apt-get install postgresql` (Debian/Ubuntu), or pass --database-url."
        case .clientToolNotFound(let name, let searched):
            return
                "The PostgreSQL client tool `\(name)` was not found (searched \(searched.joined(separator: ", "))); install it with `apt-get install postgresql-client` (Debian/Ubuntu), or pass --database-url."
        case .dataVersionMismatch(let dataVersion, let binaryVersion, let binDirectory):
            return
                "The embedded PostgreSQL cluster was created by PostgreSQL \(dataVersion), but the binaries in \(binDirectory) are version \(binaryVersion); install `postgresql-\(dataVersion)` (or point PG_BIN at its bin directory), or upgrade the cluster with pg_upgrade."
        case .serverUserMissing(let name):
            return
                "Running as root, the embedded PostgreSQL server must run as the `\(name)` OS user, which does not exist; install the `postgresql` package (it creates the user), create the user, or run the coordinator as a non-root user."
        case .privilegeDropToolMissing:
            return
                "Running as root, the embedded PostgreSQL server must run as the `postgres` user, but neither `setpriv` nor `runuser` was found; install `util-linux`, or run the coordinator as a non-root user."
        case .directoryNotReachable(let path, let user):
            return
                "The `\(user)` OS user, which runs the embedded PostgreSQL server, cannot reach \(path) (a parent directory lacks search permission); choose a --data-dir it can reach (for example under /var/lib), or add search permission (`chmod o+x`) to the parent directories."
        case .socketPathTooLong(let path, let limit):
            return
                "The PostgreSQL socket path \(path) is longer than the system limit of \(limit) bytes; choose a shorter --data-dir."
        case .notAClusterDirectory(let path):
            return
                "\(path) exists and is not empty, but holds no PostgreSQL cluster (no PG_VERSION); move it away or choose another --data-dir."
        case .invalidSetting(let name, let reason):
            return "Invalid PostgreSQL setting `\(name)`: \(reason)."
        case .invalidConfiguration(let message):
            return "Invalid embedded PostgreSQL configuration: \(message)."
        case .dataDirectoryInUse(let path):
            return
                "The data directory \(path) is in use by another process (another xcheck coordinator?); stop it first or choose another --data-dir."
        case .fileSystem(let operation, let path, let errno):
            return "\(operation) \(path) failed: \(SystemError.message(errno))."
        case .spawnFailed(let executable, let errno):
            return "Could not start \(executable): \(SystemError.message(errno))."
        case .commandFailed(let command, let status, let output):
            let trimmed = output.trimmingTrailingWhitespace()
            return "\(command) failed with \(status)" + (trimmed.isEmpty ? "." : ":\n\(trimmed)")
        case .commandTimedOut(let command, let timeout):
            return "\(command) did not finish within \(timeout) and was killed."
        case .serverFailedToStart(let status, let logFile, let logTail):
            let what =
                status.map { "PostgreSQL exited with \($0) while starting" }
                ?? "PostgreSQL did not accept connections in time"
            return "\(what); see \(logFile)" + Self.tail(logTail)
        case .serverExited(let status, let logFile, let logTail):
            return "The embedded PostgreSQL server exited unexpectedly with \(status); see \(logFile)"
                + Self.tail(logTail)
        case .leftoverServerStillRunning(let pid, let dataDirectory):
            return
                "A PostgreSQL server left over from an earlier run (PID \(pid), data directory \(dataDirectory)) did not stop; stop it by hand and start again."
        case .busy(let message):
            return message
        }
    }

    private static func tail(_ logTail: String) -> String {
        let trimmed = logTail.trimmingTrailingWhitespace()
        return trimmed.isEmpty ? "." : ". Last lines of the log:\n\(trimmed)"
    }
}

extension String {
    /// The string without trailing spaces, tabs and newlines.
    func trimmingTrailingWhitespace() -> String {
        var view = Substring(self)
        while let last = view.last, last == " " || last == "\n" || last == "\t" || last == "\r" {
            view.removeLast()
        }
        return String(view)
    }
}
