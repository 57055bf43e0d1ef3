#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// What `/proc` says about other processes (Linux).
enum ProcessTable {
    /// True when `pid` names a process that has not ended (zombies, which have ended but wait to be reaped,
    /// count as ended).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard pid > 0 else { return false }
        if kill(pid, 0) != 0 && errno != EPERM { return false }
        if let stat = FileSystem.readFile("/proc/\(pid)/stat", maxBytes: 4096),
            let parenthesis = stat.lastIndex(of: ")")
        {
            let state = stat[stat.index(after: parenthesis)...].drop(while: { $0 == " " }).first
            if state == "Z" || state == "X" { return false }
        }
        return true
    }

    /// The process's executable (`/proc/<pid>/exe`), or nil when it cannot be read.
    static func executable(of pid: pid_t) -> String? {
        FileSystem.readLink("/proc/\(pid)/exe")
    }

    /// The process's working directory (`/proc/<pid>/cwd`), or nil when it cannot be read.
    static func workingDirectory(of pid: pid_t) -> String? {
        FileSystem.readLink("/proc/\(pid)/cwd")
    }

    /// The running processes whose working directory is `directory` (PostgreSQL's processes all work in
    /// their cluster directory).
    static func processes(workingIn directory: String) -> [pid_t] {
        let target = FileSystem.realPath(directory) ?? directory
        let entries = (try? FileSystem.contentsOfDirectory("/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { pid in
            self.workingDirectory(of: pid) == target && self.isRunning(pid)
        }
    }
}
