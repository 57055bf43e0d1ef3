/// A program to run: an absolute executable path, its arguments, its whole environment and a working directory.
struct Command: Sendable, CustomStringConvertible {
    /// The absolute path of the program `posix_spawn` starts (`setpriv` when the real program is wrapped).
    var executable: String
    /// The arguments after `argv[0]`.
    var arguments: [String]
    /// `NAME=value` entries; the child gets exactly these.
    var environment: [String]
    /// The directory the child starts in; nil keeps the coordinator's.
    var workingDirectory: String?
    /// The program's name for messages and logs ("initdb"), also when it is wrapped.
    var displayName: String

    init(
        executable: String,
        arguments: [String],
        environment: [String],
        workingDirectory: String? = nil,
        displayName: String? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.displayName = displayName ?? FileSystem.lastComponent(of: executable)
    }

    var description: String { self.displayName }
}
