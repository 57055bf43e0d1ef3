/// The settings file (`pgdata/xcheck.conf`) the coordinator writes on every start, included at the end of
/// `postgresql.conf`: it overrides that file, and `ALTER SYSTEM` (`postgresql.auto.conf`) overrides it.
enum ClusterSettings {
    /// The file's name inside the cluster directory.
    static let fileName = "xcheck.conf"

    /// The line appended to `postgresql.conf` after `initdb`.
    static let includeLine = "include_if_exists = '\(fileName)'"

    /// What is appended to `postgresql.conf`: the include line and a comment saying why it is there.
    static let includeBlock =
        "\n# Added by xcheck-coordinator: the settings it manages, rewritten on every start.\n\(includeLine)\n"

    /// Settings the embedded mode decides itself; extra settings may not name them.
    static let managedNames: Set<String> = [
        "listen_addresses", "port", "unix_socket_directories", "unix_socket_permissions", "unix_socket_group",
        "data_directory", "config_file", "hba_file", "ident_file", "external_pid_file",
        "include", "include_if_exists", "include_dir",
    ]

    /// The file's text.
    static func render(
        socketDirectory: String,
        port: Int,
        listenOnLoopback: Bool,
        extra: [String: String]
    ) throws(EmbeddedPostgresError) -> String {
        var lines = [
            "# Written by xcheck-coordinator on every start of its embedded PostgreSQL server: edits here are lost.",
            "# Lasting changes belong in the coordinator's settings or in postgresql.auto.conf (ALTER SYSTEM).",
            "unix_socket_directories = \(self.quote(socketDirectory))",
            "unix_socket_permissions = 0700",
            "listen_addresses = \(self.quote(listenOnLoopback ? "127.0.0.1" : ""))",
            "port = \(port)",
        ]
        if extra["fsync"] == nil {
            lines.append("fsync = on")
        }
        for name in extra.keys.sorted() {
            let value = extra[name]!
            try self.validate(name: name, value: value)
            lines.append("\(name) = \(self.quote(value))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A PostgreSQL configuration string literal: single quotes doubled, backslashes escaped.
    static func quote(_ value: String) -> String {
        var quoted = "'"
        for character in value {
            switch character {
            case "'": quoted += "''"
            case "\\": quoted += "\\\\"
            default: quoted.append(character)
            }
        }
        return quoted + "'"
    }

    private static func validate(name: String, value: String) throws(EmbeddedPostgresError) {
        let lowercased = name.lowercased()
        guard let first = name.unicodeScalars.first, first == "_" || self.isASCIILetter(first),
            name.unicodeScalars.allSatisfy({
                self.isASCIILetter($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "."
            })
        else {
            throw .invalidSetting(name: name, reason: "a setting name has only letters, digits, `_` and `.`")
        }
        guard !self.managedNames.contains(lowercased) else {
            throw .invalidSetting(name: name, reason: "the embedded server manages this setting itself")
        }
        guard !value.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\0" }) else {
            throw .invalidSetting(name: name, reason: "the value contains a line break or NUL")
        }
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
