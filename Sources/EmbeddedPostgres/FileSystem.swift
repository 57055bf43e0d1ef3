#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The few file-system operations the embedded server needs, on plain POSIX calls (no Foundation).
///
/// Failures throw ``EmbeddedPostgresError/fileSystem(operation:path:errno:)``.
enum FileSystem {
    /// What `lstat` says about a path.
    struct Status {
        var mode: mode_t
        var owner: uid_t
        var group: gid_t
        var size: Int64

        var isDirectory: Bool { (self.mode & S_IFMT) == S_IFDIR }
        var isSymbolicLink: Bool { (self.mode & S_IFMT) == S_IFLNK }
        /// The permission bits (`0o7777`).
        var permissions: mode_t { self.mode & 0o7777 }
    }

    /// `lstat(path)`, or nil when the path does not exist (or cannot be examined).
    static func status(_ path: String) -> Status? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Status(mode: info.st_mode, owner: info.st_uid, group: info.st_gid, size: Int64(info.st_size))
    }

    /// True when something exists at `path` (a dangling symbolic link counts).
    static func exists(_ path: String) -> Bool {
        self.status(path) != nil
    }

    /// `access(path, X_OK)` for the current user, for finding programs.
    static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }

    /// The absolute form of `path`: relative paths are resolved against the working directory. `.` and `..`
    /// components are removed lexically; symbolic links are kept.
    static func absolutePath(_ path: String) -> String {
        var full = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            if getcwd(&buffer, buffer.count) != nil {
                full = Self.string(fromNulTerminated: buffer) + "/" + path
            }
        }
        var components: [Substring] = []
        for component in full.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".":
                continue
            case "..":
                if !components.isEmpty { components.removeLast() }
            default:
                components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }

    /// `realpath(path)`, or nil when the path does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `readlink(path)`, or nil on any error (`/proc` entries of other users' processes, for example).
    static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Creates `path` with `mode` (exact, not masked by the umask); its missing parents get `0o755`.
    /// An existing directory is left as it is.
    static func makeDirectory(_ path: String, mode: mode_t, createParents: Bool = false) throws(EmbeddedPostgresError) {
        if let existing = self.status(path) {
            if existing.isDirectory { return }
            throw .fileSystem(operation: "Creating the directory", path: path, errno: EEXIST)
        }
        if createParents {
            let parent = self.parent(of: path)
            if parent != path, !self.exists(parent) {
                try self.makeDirectory(parent, mode: 0o755, createParents: true)
            }
        }
        if mkdir(path, mode) != 0 {
            let code = errno
            if code == EEXIST, self.status(path)?.isDirectory == true { return }
            throw .fileSystem(operation: "Creating the directory", path: path, errno: code)
        }
        try self.setPermissions(path, mode)
    }

    /// `chmod(path, mode)`.
    static func setPermissions(_ path: String, _ mode: mode_t) throws(EmbeddedPostgresError) {
        guard chmod(path, mode) == 0 else {
            throw .fileSystem(operation: "Changing the permissions of", path: path, errno: errno)
        }
    }

    /// `lchown(path, owner, group)`.
    static func setOwner(_ path: String, owner: uid_t, group: gid_t) throws(EmbeddedPostgresError) {
        guard lchown(path, owner, group) == 0 else {
            throw .fileSystem(operation: "Changing the owner of", path: path, errno: errno)
        }
    }

    /// Gives `path` and everything below it to `owner:group`. Symbolic links are changed themselves, never
    /// followed.
    static func setOwnerRecursively(_ path: String, owner: uid_t, group: gid_t) throws(EmbeddedPostgresError) {
        try self.setOwner(path, owner: owner, group: group)
        guard let status = self.status(path), status.isDirectory else { return }
        for name in try self.contentsOfDirectory(path) {
            try self.setOwnerRecursively(path + "/" + name, owner: owner, group: group)
        }
    }

    /// Removes `path` and everything below it; a missing path is not an error. Symbolic links are removed,
    /// never followed.
    static func removeRecursively(_ path: String) throws(EmbeddedPostgresError) {
        guard let status = self.status(path) else { return }
        if status.isDirectory {
            for name in try self.contentsOfDirectory(path) {
                try self.removeRecursively(path + "/" + name)
            }
            guard rmdir(path) == 0 || errno == ENOENT else {
                throw .fileSystem(operation: "Removing", path: path, errno: errno)
            }
        } else {
            guard unlink(path) == 0 || errno == ENOENT else {
                throw .fileSystem(operation: "Removing", path: path, errno: errno)
            }
        }
    }

    /// The names in a directory, without `.` and `..`.
    static func contentsOfDirectory(_ path: String) throws(EmbeddedPostgresError) -> [String] {
        guard let directory = opendir(path) else {
            throw .fileSystem(operation: "Listing", path: path, errno: errno)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
                    String(cString: $0)
                }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Reads a whole (small) file as UTF-8; nil when it cannot be read.
    static func readFile(_ path: String, maxBytes: Int = 1 << 20) -> String? {
        self.readFile(path, from: 0, maxBytes: maxBytes)
    }

    /// Reads up to `maxBytes` from `offset` on as UTF-8; nil when the file cannot be read.
    static func readFile(_ path: String, from offset: Int64, maxBytes: Int) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        if offset > 0, lseek(descriptor, off_t(offset), SEEK_SET) < 0 { return nil }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count < maxBytes {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<min(count, maxBytes - bytes.count)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The last `maxBytes` of a file, starting at a line boundary, but nothing before `offset`; "" when the
    /// file cannot be read.
    static func tail(of path: String, notBefore offset: Int64 = 0, maxBytes: Int = 4096) -> String {
        guard let size = self.status(path)?.size else { return "" }
        let start = max(offset, size - Int64(maxBytes))
        guard let text = self.readFile(path, from: start, maxBytes: maxBytes) else { return "" }
        if start > offset, let newline = text.firstIndex(of: "\n") {
            return String(text[text.index(after: newline)...])
        }
        return text
    }

    /// Writes `contents` to `path` through a temporary file, `fsync` and `rename`, so readers see the old or
    /// the new file, never half of one.
    static func writeFileAtomically(_ path: String, contents: String, mode: mode_t) throws(EmbeddedPostgresError) {
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw .fileSystem(operation: "Writing", path: temporary, errno: errno)
        }
        do throws(EmbeddedPostgresError) {
            try self.writeAll(descriptor, Array(contents.utf8), path: temporary)
            guard fchmod(descriptor, mode) == 0, fsync(descriptor) == 0 else {
                throw .fileSystem(operation: "Writing", path: temporary, errno: errno)
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .fileSystem(operation: "Renaming \(temporary) to", path: path, errno: code)
        }
    }

    /// Appends `contents` to an existing file.
    static func append(_ contents: String, to path: String) throws(EmbeddedPostgresError) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .fileSystem(operation: "Appending to", path: path, errno: errno)
        }
        defer { close(descriptor) }
        try self.writeAll(descriptor, Array(contents.utf8), path: path)
        guard fsync(descriptor) == 0 else {
            throw .fileSystem(operation: "Appending to", path: path, errno: errno)
        }
    }

    /// Creates an empty file with `mode` if nothing is at `path`.
    static func touch(_ path: String, mode: mode_t) throws(EmbeddedPostgresError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw .fileSystem(operation: "Creating", path: path, errno: errno)
        }
        close(descriptor)
    }

    /// `rename(from, to)`.
    static func move(_ source: String, to destination: String) throws(EmbeddedPostgresError) {
        guard rename(source, destination) == 0 else {
            throw .fileSystem(operation: "Renaming \(source) to", path: destination, errno: errno)
        }
    }

    /// The directory part of `path` ("/" for top-level paths).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The last component of `path`.
    static func lastComponent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(EmbeddedPostgresError) {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .fileSystem(operation: "Writing", path: path, errno: errno)
            }
            written += count
        }
    }

    private static func string(fromNulTerminated buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
