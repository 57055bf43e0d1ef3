import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// An exclusive `flock` on `<data>/postgresql.lock`, held while this coordinator's server runs.
///
/// The kernel drops it when the coordinator exits, however it exits (`kill -9` included), and the descriptor
/// is close-on-exec and closed in every child, so PostgreSQL never keeps it. Holding it therefore proves that
/// no other live coordinator uses the cluster: a PostgreSQL server still running from it is an orphan of a
/// coordinator that died.
final class DataDirectoryLock: Sendable {
    private let descriptor: Mutex<Int32>
    /// The lock file's path.
    let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = Mutex(descriptor)
        self.path = path
    }

    deinit {
        self.release()
    }

    /// Takes the lock without waiting, writing this process's PID into the file for people to read.
    static func acquire(_ path: String) throws(EmbeddedPostgresError) -> DataDirectoryLock {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .fileSystem(operation: "Opening", path: path, errno: errno)
        }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            close(descriptor)
            if code == EWOULDBLOCK {
                throw .dataDirectoryInUse(path: FileSystem.parent(of: path))
            }
            throw .fileSystem(operation: "Locking", path: path, errno: code)
        }
        let text = Array("\(getpid())\n".utf8)
        if ftruncate(descriptor, 0) == 0 {
            _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        }
        return DataDirectoryLock(descriptor: descriptor, path: path)
    }

    /// Releases the lock (closing the descriptor); later calls do nothing.
    func release() {
        self.descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            close(descriptor)
            descriptor = -1
        }
    }
}
