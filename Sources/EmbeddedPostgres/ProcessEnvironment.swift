#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The coordinator's environment, and the environment its PostgreSQL child processes get.
enum ProcessEnvironment {
    /// The current process's environment variables.
    static func current() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }

    /// The environment for PostgreSQL programs: the coordinator's, without any libpq or server variable
    /// (`PGHOST`, `PGDATA`, `PGPASSWORD`, `PGOPTIONS`, ...) that could redirect or change the commands, with
    /// `overrides` applied.
    static func forChild(overrides: [String: String] = [:]) -> [String] {
        var variables = self.current().filter { !$0.key.hasPrefix("PG") }
        for (key, value) in overrides {
            variables[key] = value
        }
        return variables.map { "\($0.key)=\($0.value)" }.sorted()
    }

    /// The first executable called `name` in `$PATH`, then in the usual system directories.
    static func findExecutable(_ name: String, environment: [String: String] = Self.current()) -> String? {
        var directories = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        directories += ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        for directory in directories where !directory.isEmpty {
            let candidate = directory + "/" + name
            if FileSystem.isExecutableFile(candidate) { return candidate }
        }
        return nil
    }
}
