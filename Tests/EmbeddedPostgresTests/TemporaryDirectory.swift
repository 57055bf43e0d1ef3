@testable import EmbeddedPostgres

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A fresh directory under /tmp, mode 0755 so the `postgres` user can pass through it when the tests run as
/// root; removed with everything in it by ``remove()``.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/xcheck-embedded-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw EmbeddedPostgresError.fileSystem(
                operation: "Creating",
                path: "/tmp/xcheck-embedded-XXXXXX",
                errno: errno
            )
        }
        self.path = String(cString: created)
        try FileSystem.setPermissions(self.path, 0o755)
    }

    /// The coordinator's data directory inside it.
    var dataDirectory: String { self.path + "/data" }

    func remove() {
        try? FileSystem.removeRecursively(self.path)
    }
}
