#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// What the cluster's `postmaster.pid` says, checked against the running processes.
enum PostmasterPIDFile {
    /// Who holds the cluster according to `postmaster.pid`.
    enum Holder: Equatable {
        /// No `postmaster.pid` (or none that names a PID).
        case none
        /// The PID is not running: a stale file PostgreSQL removes by itself on start.
        case dead(pid_t)
        /// A running PostgreSQL server of this cluster (its executable is `postgres` and it works in the
        /// cluster directory).
        case server(pid_t)
        /// A running process that is not this cluster's server: the PID was reused after a crash.
        case otherProcess(pid_t)
        /// A running process that cannot be examined (another user's, without root).
        case unknown(pid_t)
    }

    /// The PID on the file's first line.
    static func pid(in path: String) -> pid_t? {
        guard let text = FileSystem.readFile(path, maxBytes: 4096) else { return nil }
        guard let line = text.split(separator: "\n", omittingEmptySubsequences: false).first else { return nil }
        return pid_t(line.trimmingCharacters(in: " \t\r"))
    }

    /// Examines the `postmaster.pid` of `cluster`.
    static func holder(of layout: ClusterLayout) -> Holder {
        guard let pid = self.pid(in: layout.pidFile), pid > 0 else { return .none }
        guard ProcessTable.isRunning(pid) else { return .dead(pid) }
        guard let executable = ProcessTable.executable(of: pid),
            let directory = ProcessTable.workingDirectory(of: pid)
        else { return .unknown(pid) }
        let cluster = FileSystem.realPath(layout.cluster) ?? layout.cluster
        // After a package upgrade the link reads ".../postgres (deleted)".
        if FileSystem.lastComponent(of: executable).hasPrefix("postgres"), directory == cluster {
            return .server(pid)
        }
        return .otherProcess(pid)
    }
}

extension Substring {
    /// The text without leading and trailing characters from `set`.
    func trimmingCharacters(in set: String) -> String {
        var view = self
        while let first = view.first, set.contains(first) { view.removeFirst() }
        while let last = view.last, set.contains(last) { view.removeLast() }
        return String(view)
    }
}
