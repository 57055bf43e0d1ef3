#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The OS account PostgreSQL runs as, and how commands are started under it.
///
/// PostgreSQL refuses to run as root. When the coordinator is root, the server programs (`initdb`, `postgres`)
/// run as the `postgres` OS user (which Debian's `postgresql` package creates), through `setpriv` when present
/// (it `exec`s the program, so the PID the coordinator owns is the server's own) or else `runuser` (which
/// stays as the server's parent; the server is then signalled through the PID in `postmaster.pid`). The parts
/// of the data directory the server writes are given to that user. Otherwise everything runs as the current
/// user and nothing changes owner.
///
/// Client programs (`pg_isready`, `psql`) always run as the coordinator's own user: they check what the
/// coordinator itself will do, connect over the socket.
struct ServerAccount: Sendable {
    /// How server programs are started.
    enum Launcher: Sendable, Equatable {
        /// Directly, as the current (non-root) user.
        case currentUser
        /// `setpriv --reuid --regid --init-groups -- program ...`.
        case setpriv(String)
        /// `runuser -u user -- program ...`.
        case runuser(String)
    }

    /// The user the server runs as.
    var userName: String
    var uid: uid_t
    var gid: gid_t
    /// The user's home directory, set as `HOME` for its programs.
    var home: String?
    var launcher: Launcher

    /// True when the coordinator runs as root and switches users for the server.
    var switchesUser: Bool { self.launcher != .currentUser }

    /// The account for this process: the current user, or `postgres` when running as root. `preferRunuser`
    /// picks `runuser` even where `setpriv` exists (tests use it to cover both).
    static func resolve(
        serverUser: String = "postgres",
        preferRunuser: Bool = false
    ) throws(EmbeddedPostgresError) -> ServerAccount {
        let effectiveUID = geteuid()
        guard effectiveUID == 0 else {
            let entry = getpwuid(effectiveUID)
            return ServerAccount(
                userName: entry.map { String(cString: $0.pointee.pw_name) } ?? "uid \(effectiveUID)",
                uid: effectiveUID,
                gid: getegid(),
                home: nil,
                launcher: .currentUser
            )
        }
        guard let entry = getpwnam(serverUser) else {
            throw .serverUserMissing(name: serverUser)
        }
        let uid = entry.pointee.pw_uid
        let gid = entry.pointee.pw_gid
        let home = String(cString: entry.pointee.pw_dir)
        guard uid != 0 else {
            throw .serverUserMissing(name: serverUser)
        }
        let setpriv = ProcessEnvironment.findExecutable("setpriv")
        let runuser = ProcessEnvironment.findExecutable("runuser")
        let launcher: Launcher
        switch (setpriv, runuser) {
        case (_, .some(let runuser)) where preferRunuser:
            launcher = .runuser(runuser)
        case (.some(let setpriv), _):
            launcher = .setpriv(setpriv)
        case (nil, .some(let runuser)):
            launcher = .runuser(runuser)
        case (nil, nil):
            throw .privilegeDropToolMissing
        }
        return ServerAccount(userName: serverUser, uid: uid, gid: gid, home: home, launcher: launcher)
    }

    /// A command that runs `executable` as this account, in `workingDirectory`.
    func command(_ executable: String, _ arguments: [String], workingDirectory: String?) -> Command {
        let name = FileSystem.lastComponent(of: executable)
        switch self.launcher {
        case .currentUser:
            return Command(
                executable: executable,
                arguments: arguments,
                environment: ProcessEnvironment.forChild(),
                workingDirectory: workingDirectory,
                displayName: name
            )
        case .setpriv(let setpriv):
            return Command(
                executable: setpriv,
                arguments: ["--reuid=\(self.uid)", "--regid=\(self.gid)", "--init-groups", "--", executable]
                    + arguments,
                environment: self.switchedEnvironment(),
                workingDirectory: workingDirectory,
                displayName: name
            )
        case .runuser(let runuser):
            return Command(
                executable: runuser,
                arguments: ["-u", self.userName, "--", executable] + arguments,
                environment: self.switchedEnvironment(),
                workingDirectory: workingDirectory,
                displayName: name
            )
        }
    }

    /// A command that runs `executable` as the coordinator's own user (client programs).
    func clientCommand(_ executable: String, _ arguments: [String], workingDirectory: String? = nil) -> Command {
        Command(
            executable: executable,
            arguments: arguments,
            environment: ProcessEnvironment.forChild(),
            workingDirectory: workingDirectory
        )
    }

    /// Gives `path` (and, with `recursive`, everything below it) to this account if it is root's to give and
    /// not already this account's.
    func takeOwnership(of path: String, recursive: Bool) throws(EmbeddedPostgresError) {
        guard self.switchesUser, let status = FileSystem.status(path) else { return }
        if status.owner == self.uid && status.group == self.gid && !recursive { return }
        if recursive {
            try FileSystem.setOwnerRecursively(path, owner: self.uid, group: self.gid)
        } else {
            try FileSystem.setOwner(path, owner: self.uid, group: self.gid)
        }
    }

    /// Whether this account can reach (search) `path`, checked by running `test -x` as the account.
    func canReach(_ path: String) async -> Bool {
        guard self.switchesUser else { return true }
        guard let test = ProcessEnvironment.findExecutable("test") else { return true }
        let command = self.command(test, ["-x", path], workingDirectory: "/")
        guard let result = try? await ChildProcess.run(command, timeout: .seconds(30)) else { return true }
        return result.status.isSuccess
    }

    private func switchedEnvironment() -> [String] {
        var overrides = ["USER": self.userName, "LOGNAME": self.userName]
        if let home = self.home { overrides["HOME"] = home }
        return ProcessEnvironment.forChild(overrides: overrides)
    }
}
