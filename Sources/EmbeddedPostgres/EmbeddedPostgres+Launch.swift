import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension EmbeddedPostgres {
    /// The longest Unix socket path (`sizeof(sockaddr_un.sun_path)` less the terminating NUL).
    static let socketPathLimit = 107
    /// The log is moved aside at start once it is this large.
    static let logRotationSize: Int64 = 64 << 20

    /// Everything ``start()`` does, in order; on failure or cancellation nothing keeps running.
    func launch() async throws -> RunningServer {
        let configuration = self.configuration
        let layout = configuration.layout
        let port = configuration.effectivePort
        guard (1...65535).contains(port) else {
            throw EmbeddedPostgresError.invalidConfiguration("port \(port) is outside 1–65535")
        }
        guard !configuration.superuser.isEmpty, !configuration.database.isEmpty else {
            throw EmbeddedPostgresError.invalidConfiguration("the superuser and database names must not be empty")
        }
        let socketPath = layout.socketPath(port: port)
        guard socketPath.utf8.count <= Self.socketPathLimit else {
            throw EmbeddedPostgresError.socketPathTooLong(path: socketPath, limit: Self.socketPathLimit)
        }
        let settings = try ClusterSettings.render(
            socketDirectory: layout.socketDirectory,
            port: port,
            listenOnLoopback: configuration.port != nil,
            extra: configuration.settings
        )

        let account = try ServerAccount.resolve(serverUser: configuration.serverUser, preferRunuser: self.preferRunuser)
        let clusterVersion = FileSystem.readFile(layout.versionFile)?.trimmingTrailingWhitespace()
        let binaries = try PostgresBinaries.discover(
            binDirectory: configuration.binDirectory,
            preferredMajorVersion: clusterVersion
        )
        let binaryVersion = try await self.majorVersion(of: binaries, account: account)
        if let clusterVersion, let binaryVersion, clusterVersion != binaryVersion {
            throw EmbeddedPostgresError.dataVersionMismatch(
                dataVersion: clusterVersion,
                binaryVersion: binaryVersion,
                binDirectory: binaries.directory
            )
        }
        self.logger.debug(
            "Using PostgreSQL binaries",
            metadata: ["directory": "\(binaries.directory)", "version": "\(binaryVersion ?? "unknown")"]
        )

        try FileSystem.makeDirectory(layout.root, mode: account.switchesUser ? 0o711 : 0o700, createParents: true)
        let lock = try DataDirectoryLock.acquire(layout.lockFile)
        do {
            try await self.prepareDataDirectory(layout, account: account)
            try await self.retireLeftoverServer(layout)
            let created = try await self.createClusterIfNeeded(layout, binaries: binaries, account: account)
            try self.prepareCluster(layout, account: account, settings: settings, created: created)
            return try await self.startServer(layout, binaries: binaries, account: account, lock: lock)
        } catch {
            lock.release()
            throw error
        }
    }

    /// As root: makes sure the server's user can reach the data directory.
    private func prepareDataDirectory(_ layout: ClusterLayout, account: ServerAccount) async throws {
        guard account.switchesUser else { return }
        if let status = FileSystem.status(layout.root), status.owner != account.uid,
            status.permissions & S_IXOTH == 0
        {
            self.logger.notice(
                "Adding search permission (o+x) to the data directory so the \(account.userName) user can reach its cluster",
                metadata: ["directory": "\(layout.root)"]
            )
            try FileSystem.setPermissions(layout.root, status.permissions | S_IXOTH)
        }
        guard await account.canReach(layout.root) else {
            throw EmbeddedPostgresError.directoryNotReachable(path: layout.root, user: account.userName)
        }
    }

    /// Runs `initdb` into a staging directory and renames it into place, unless the cluster exists. Returns
    /// whether it created one.
    private func createClusterIfNeeded(
        _ layout: ClusterLayout,
        binaries: PostgresBinaries,
        account: ServerAccount
    ) async throws -> Bool {
        if FileSystem.exists(layout.staging) {
            self.logger.notice(
                "Removing an unfinished cluster left by an interrupted initdb",
                metadata: ["directory": "\(layout.staging)"]
            )
            try FileSystem.removeRecursively(layout.staging)
        }
        if FileSystem.exists(layout.versionFile) { return false }
        if let status = FileSystem.status(layout.cluster) {
            guard status.isDirectory, try FileSystem.contentsOfDirectory(layout.cluster).isEmpty else {
                throw EmbeddedPostgresError.notAClusterDirectory(path: layout.cluster)
            }
        }

        self.logger.info("Initializing a new PostgreSQL cluster (initdb)", metadata: ["directory": "\(layout.cluster)"])
        try FileSystem.makeDirectory(layout.staging, mode: 0o700)
        try account.takeOwnership(of: layout.staging, recursive: false)
        let command = account.command(
            binaries.initdb,
            [
                "-D", layout.staging, "-U", self.configuration.superuser, "--auth=trust", "-E", "UTF8", "--locale=C",
            ],
            workingDirectory: layout.root
        )
        let result = try await ChildProcess.run(command, timeout: .seconds(600))
        guard result.status.isSuccess else {
            try? FileSystem.removeRecursively(layout.staging)
            throw EmbeddedPostgresError.commandFailed(command: "initdb", status: result.status, output: result.output)
        }
        self.logger.debug("initdb finished", metadata: ["output": "\(result.output.trimmingTrailingWhitespace())"])
        try FileSystem.append(
            ClusterSettings.includeBlock,
            to: layout.staging + "/postgresql.conf"
        )
        if FileSystem.exists(layout.cluster) {
            rmdir(layout.cluster)
        }
        try FileSystem.move(layout.staging, to: layout.cluster)
        return true
    }

    /// Ownership, permissions and settings of the cluster, the socket directory and the log.
    private func prepareCluster(
        _ layout: ClusterLayout,
        account: ServerAccount,
        settings: String,
        created: Bool
    ) throws {
        if !created, let status = FileSystem.status(layout.cluster) {
            if account.switchesUser, status.owner != account.uid {
                self.logger.notice(
                    "Giving the cluster to the \(account.userName) user",
                    metadata: ["directory": "\(layout.cluster)"]
                )
                try account.takeOwnership(of: layout.cluster, recursive: true)
            }
            if status.permissions & 0o027 != 0 {
                try FileSystem.setPermissions(layout.cluster, 0o700)
            }
            let main = FileSystem.readFile(layout.mainSettingsFile) ?? ""
            if !main.contains(ClusterSettings.includeLine) {
                try FileSystem.append(
                    ClusterSettings.includeBlock,
                    to: layout.mainSettingsFile
                )
            }
        }
        try FileSystem.writeFileAtomically(layout.settingsFile, contents: settings, mode: 0o600)
        try account.takeOwnership(of: layout.settingsFile, recursive: false)

        try FileSystem.makeDirectory(layout.socketDirectory, mode: 0o700)
        try account.takeOwnership(of: layout.socketDirectory, recursive: false)
        if let status = FileSystem.status(layout.socketDirectory), status.permissions != 0o700 {
            try FileSystem.setPermissions(layout.socketDirectory, 0o700)
        }

        if let size = FileSystem.status(layout.logFile)?.size, size >= Self.logRotationSize {
            try FileSystem.move(layout.logFile, to: layout.logFile + ".1")
        }
        try FileSystem.touch(layout.logFile, mode: 0o600)
        try account.takeOwnership(of: layout.logFile, recursive: false)
    }

    /// Spawns `postgres`, waits until it accepts connections and creates the database; stops the server again
    /// if any of that fails.
    private func startServer(
        _ layout: ClusterLayout,
        binaries: PostgresBinaries,
        account: ServerAccount,
        lock: DataDirectoryLock
    ) async throws -> RunningServer {
        let configuration = self.configuration
        let port = configuration.effectivePort
        let logOffset = FileSystem.status(layout.logFile)?.size ?? 0
        let command = account.command(binaries.postgres, ["-D", layout.cluster], workingDirectory: layout.cluster)
        let process = try ChildProcess.spawn(command, output: .appendToFile(layout.logFile), newProcessGroup: true)
        var server = RunningServer(
            process: process,
            postmasterPID: process.pid,
            layout: layout,
            logOffset: logOffset,
            lock: lock,
            url: ConnectionURL.socket(
                user: configuration.superuser,
                database: configuration.database,
                socketDirectory: layout.socketDirectory,
                port: port
            ),
            loopbackURL: configuration.port.map {
                ConnectionURL.loopback(user: configuration.superuser, database: configuration.database, port: $0)
            }
        )
        self.logger.info(
            "Starting the embedded PostgreSQL server",
            metadata: ["pid": "\(process.pid)", "cluster": "\(layout.cluster)", "log": "\(layout.logFile)"]
        )
        do {
            try await self.waitUntilReady(server, binaries: binaries, account: account)
            if let pid = PostmasterPIDFile.pid(in: layout.pidFile), pid != process.pid, ProcessTable.isRunning(pid) {
                server.postmasterPID = pid
            }
            try await self.createDatabaseIfNeeded(binaries: binaries, account: account, layout: layout)
        } catch {
            await self.shutdownIgnoringCancellation(server)
            throw error
        }
        var metadata: Logger.Metadata = [
            "pid": "\(server.postmasterPID)",
            "socket": "\(layout.socketDirectory)",
            "database": "\(configuration.database)",
        ]
        if let tcpPort = configuration.port {
            metadata["listen"] = "127.0.0.1:\(tcpPort)"
        }
        self.logger.info("The embedded PostgreSQL server is ready", metadata: metadata)
        return server
    }

    /// Probes with `pg_isready` until the server accepts connections; fails early if the server exits.
    private func waitUntilReady(
        _ server: RunningServer,
        binaries: PostgresBinaries,
        account: ServerAccount
    ) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: self.configuration.startupTimeout)
        let probe = account.clientCommand(
            binaries.pgIsReady,
            [
                "-q", "-h", server.layout.socketDirectory, "-p", "\(self.configuration.effectivePort)",
                "-U", self.configuration.superuser, "-d", "postgres", "-t", "5",
            ]
        )
        while true {
            if let status = server.process.poll() {
                throw EmbeddedPostgresError.serverFailedToStart(
                    status: status,
                    logFile: server.layout.logFile,
                    logTail: server.logTail
                )
            }
            let result = try await ChildProcess.run(probe, timeout: .seconds(15))
            if result.status.isSuccess { return }
            if clock.now >= deadline {
                throw EmbeddedPostgresError.serverFailedToStart(
                    status: nil,
                    logFile: server.layout.logFile,
                    logTail: server.logTail
                )
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Creates the configured database unless it exists.
    private func createDatabaseIfNeeded(
        binaries: PostgresBinaries,
        account: ServerAccount,
        layout: ClusterLayout
    ) async throws {
        let database = self.configuration.database
        let literal = "'" + database.replacingAll("'", with: "''") + "'"
        let identifier = "\"" + database.replacingAll("\"", with: "\"\"") + "\""
        let exists = try await self.psql(
            "SELECT 1 FROM pg_database WHERE datname = \(literal)",
            binaries: binaries,
            account: account,
            layout: layout
        )
        if exists.trimmingTrailingWhitespace() == "1" { return }
        self.logger.info("Creating the database", metadata: ["database": "\(database)"])
        _ = try await self.psql("CREATE DATABASE \(identifier)", binaries: binaries, account: account, layout: layout)
    }

    /// Runs one SQL command with `psql` on the `postgres` database and returns its unaligned output.
    private func psql(
        _ sql: String,
        binaries: PostgresBinaries,
        account: ServerAccount,
        layout: ClusterLayout
    ) async throws -> String {
        let command = account.clientCommand(
            binaries.psql,
            [
                "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", layout.socketDirectory, "-p", "\(self.configuration.effectivePort)",
                "-U", self.configuration.superuser, "-d", "postgres", "-c", sql,
            ]
        )
        let result = try await ChildProcess.run(command, timeout: .seconds(60))
        guard result.status.isSuccess else {
            throw EmbeddedPostgresError.commandFailed(command: "psql", status: result.status, output: result.output)
        }
        return result.output
    }

    /// The major version `postgres --version` reports ("15", or "9.6" before version 10), nil if unclear.
    private func majorVersion(of binaries: PostgresBinaries, account: ServerAccount) async throws -> String? {
        let command = account.clientCommand(binaries.postgres, ["--version"])
        let result = try await ChildProcess.run(command, timeout: .seconds(30))
        guard result.status.isSuccess else {
            throw EmbeddedPostgresError.commandFailed(
                command: "postgres --version",
                status: result.status,
                output: result.output
            )
        }
        // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
        let words = result.output.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard let marker = words.firstIndex(of: "(PostgreSQL)"), marker + 1 < words.count else { return nil }
        let version = words[marker + 1].prefix { $0.isNumber || $0 == "." }
        let parts = version.split(separator: ".")
        guard let first = parts.first, let major = Int(first) else { return nil }
        if major >= 10 || parts.count < 2 { return String(major) }
        return "\(major).\(parts[1])"
    }
}

extension String {
    /// The string with every `target` replaced by `replacement`.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target {
                result += replacement
            } else {
                result.append(character)
            }
        }
        return result
    }
}
