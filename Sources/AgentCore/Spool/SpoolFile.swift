#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The few POSIX file operations the spool needs, each turning a failure into a ``SystemError``. Every call
/// blocks: the spool makes them on its own thread (``DedicatedThreadExecutor``).
final class SpoolFile {
    let descriptor: Int32
    var path: String

    /// Opens (creating with mode 0600 when `create`) for reading and appending.
    init(path: String, create: Bool, truncate: Bool = false) throws(SystemError) {
        var flags = O_RDWR | O_CLOEXEC
        if create { flags |= O_CREAT }
        if truncate { flags |= O_TRUNC }
        let fd = open(path, flags, mode_t(0o600))
        guard fd >= 0 else { throw SystemError.last("open", path) }
        self.descriptor = fd
        self.path = path
    }

    deinit { close(self.descriptor) }

    /// The file's size.
    func size() throws(SystemError) -> Int {
        var info = stat()
        guard fstat(self.descriptor, &info) == 0 else { throw SystemError.last("fstat", self.path) }
        return Int(info.st_size)
    }

    /// Reads the whole file.
    func readAll() throws(SystemError) -> [UInt8] {
        let size = try self.size()
        return try self.read(count: size, at: 0)
    }

    /// Reads `count` bytes at `offset` (fewer when the file ends first).
    func read(count: Int, at offset: Int) throws(SystemError) -> [UInt8] {
        guard count > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = buffer.withUnsafeMutableBytes { raw in
                pread(self.descriptor, raw.baseAddress! + done, count - done, off_t(offset + done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError.last("pread", self.path)
            }
            if n == 0 { break }
            done += n
        }
        if done < count { buffer.removeLast(count - done) }
        return buffer
    }

    /// Writes all of `bytes` at `offset`.
    func write(_ bytes: [UInt8], at offset: Int) throws(SystemError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                pwrite(self.descriptor, raw.baseAddress! + done, bytes.count - done, off_t(offset + done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError.last("pwrite", self.path)
            }
            done += n
        }
    }

    /// Flushes the file's data and metadata to the disk (`fsync`).
    func sync() throws(SystemError) {
        while fsync(self.descriptor) != 0 {
            if errno != EINTR { throw SystemError.last("fsync", self.path) }
        }
    }

    /// Cuts the file to `length` bytes.
    func truncate(to length: Int) throws(SystemError) {
        guard ftruncate(self.descriptor, off_t(length)) == 0 else { throw SystemError.last("ftruncate", self.path) }
    }

    /// Takes an exclusive `flock` without waiting; false when another open file description holds it.
    func tryLock() throws(SystemError) -> Bool {
        if flock(self.descriptor, LOCK_EX | LOCK_NB) == 0 { return true }
        if errno == EWOULDBLOCK { return false }
        throw SystemError.last("flock", self.path)
    }

    /// Flushes a directory's entries (after a rename in it) to the disk.
    static func syncDirectory(_ path: String) throws(SystemError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError.last("open", path) }
        defer { close(fd) }
        while fsync(fd) != 0 {
            if errno != EINTR { throw SystemError.last("fsync", path) }
        }
    }

    /// Creates the directory (and its parents) with mode 0700 when missing.
    static func makeDirectory(_ path: String) throws(SystemError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, mode_t(0o700)) != 0, errno != EEXIST { throw SystemError.last("mkdir", prefix) }
        }
    }

    /// Renames `from` to `to`, replacing `to` atomically.
    static func rename(_ from: String, to: String) throws(SystemError) {
        guard Glibc.rename(from, to) == 0 else { throw SystemError.last("rename", "\(from) -> \(to)") }
    }

    /// Removes a file; a missing file is not an error.
    static func remove(_ path: String) {
        _ = unlink(path)
    }
}
