#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A PostgreSQL server this coordinator started, and what it takes to stop it.
struct RunningServer: Sendable {
    /// The process the coordinator spawned: the postmaster itself (directly or through `setpriv`), or
    /// `runuser` as its parent.
    let process: ChildProcess
    /// The postmaster's PID (from `postmaster.pid`); equal to `process.pid` unless `runuser` is in between.
    var postmasterPID: pid_t
    /// Where the cluster is.
    let layout: ClusterLayout
    /// The size of the log before this server started, so error messages quote this run's lines only.
    let logOffset: Int64
    /// The coordinator's lock on the data directory, released after the server has stopped.
    let lock: DataDirectoryLock
    /// The libpq URL over the Unix socket.
    let url: String
    /// The libpq URL over TCP on 127.0.0.1, when a port is configured.
    let loopbackURL: String?

    /// Sends `signal` to the postmaster while the spawned process has not been reaped (after that the PID may
    /// belong to someone else).
    func signalPostmaster(_ signal: Int32) {
        if self.postmasterPID == self.process.pid {
            self.process.signal(signal)
        } else if self.process.poll() == nil {
            kill(self.postmasterPID, signal)
        }
    }

    /// The log lines this server wrote (the last 4 KiB).
    var logTail: String {
        FileSystem.tail(of: self.layout.logFile, notBefore: self.logOffset)
    }
}
