#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// glibc's non-portable `posix_spawn` file actions, which the Swift Glibc module does not import: looked up
/// at run time, so a C library without them only loses the feature.
enum SpawnExtensions {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34): closes every descriptor from a number on in
    /// the child, so PostgreSQL never inherits the coordinator's sockets or files.
    static let addCloseFrom: AddCloseFrom? = Self.lookup(
        "posix_spawn_file_actions_addclosefrom_np",
        as: AddCloseFrom.self
    )

    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29): the child's working directory.
    static let addChdir: AddChdir? = Self.lookup(
        "posix_spawn_file_actions_addchdir_np",
        as: AddChdir.self
    )

    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32

    /// `pipe2` (a GNU extension the Glibc module does not import either).
    static let pipe2: Pipe2? = Self.lookup("pipe2", as: Pipe2.self)

    /// A pipe whose ends are close-on-exec: `pipe2(O_CLOEXEC)` where available (atomic), else `pipe` and
    /// `fcntl`. Returns `[read, write]`, or nil with `errno` set.
    static func closeOnExecPipe() -> [Int32]? {
        var ends: [Int32] = [-1, -1]
        if let pipe2 = Self.pipe2 {
            guard pipe2(&ends, O_CLOEXEC) == 0 else { return nil }
            return ends
        }
        guard pipe(&ends) == 0 else { return nil }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        return ends
    }

    private static func lookup<Function>(_ name: String, as type: Function.Type) -> Function? {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }
}
