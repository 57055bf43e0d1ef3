import Logging
import ServiceLifecycle
import Testing

@testable import EmbeddedPostgres

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Starts real PostgreSQL servers from the machine's binaries, each in a fresh directory under /tmp. Skipped
/// where the binaries are missing. Serialized: `initdb` is CPU-heavy and the machines have two cores.
@Suite(
    .serialized,
    .enabled(if: PostgresBinaries.areAvailable(), "PostgreSQL server binaries are not installed"),
    .timeLimit(.minutes(5))
)
struct EmbeddedPostgresServerTests {
    /// Runs `body` with a service on a fresh data directory, and always stops the service and removes the
    /// directory afterwards.
    private func withService(
        port: Int? = nil,
        preferRunuser: Bool = false,
        _ body: (EmbeddedPostgres, EmbeddedPostgresConfiguration, LogCapture) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = EmbeddedPostgresConfiguration(
            dataDirectory: directory.dataDirectory,
            port: port,
            settings: ["shared_buffers": "16MB", "max_connections": "20"]
        )
        let logs = LogCapture()
        let service = EmbeddedPostgres(
            configuration: configuration,
            logger: logs.logger(),
            preferRunuser: preferRunuser
        )
        do {
            try await body(service, configuration, logs)
        } catch {
            await service.stop()
            _ = await ServerProbe.clusterIsIdle(configuration)
            throw error
        }
        await service.stop()
        #expect(await ServerProbe.clusterIsIdle(configuration), "a PostgreSQL process is left in the cluster")
    }

    @Test func firstStartRunsInitdbAndReturnsAWorkingURL() async throws {
        try await self.withService { service, configuration, logs in
            let url = try await service.start()
            let socket = ConnectionURL.encode(configuration.socketDirectory)
            #expect(url == "postgresql://xcheck@/xcheck?host=\(socket)&port=5432")
            #expect(service.connectionURL == url)
            #expect(logs.contains("Initializing a new PostgreSQL cluster"))
            #expect(FileSystem.exists(configuration.clusterDirectory + "/PG_VERSION"))
            #expect(!FileSystem.exists(configuration.layout.staging))
            #expect(try await ServerProbe.psql(url, "select 1") == "1")
            #expect(
                try await ServerProbe.psql(url, "select current_user || ' ' || current_database()") == "xcheck xcheck"
            )
            #expect(try await ServerProbe.psql(url, "show listen_addresses") == "")
            #expect(try await ServerProbe.psql(url, "show fsync") == "on")
            #expect(try await ServerProbe.psql(url, "show shared_buffers") == "16MB")
            #expect(try await service.start() == url, "a second start() returns the running server's URL")

            let socketDirectory = try #require(FileSystem.status(configuration.socketDirectory))
            #expect(socketDirectory.permissions == 0o700)
            let cluster = try #require(FileSystem.status(configuration.clusterDirectory))
            #expect(cluster.permissions == 0o700)
            if geteuid() == 0 {
                let postgres = try #require(getpwnam("postgres"))
                #expect(cluster.owner == postgres.pointee.pw_uid)
                #expect(socketDirectory.owner == postgres.pointee.pw_uid)
            }
            let pid = try #require(service.serverProcessID)
            #expect(PostmasterPIDFile.pid(in: configuration.layout.pidFile) == pid)

            await service.stop()
            await service.stop()
            #expect(!ProcessTable.isRunning(pid))
            #expect(!FileSystem.exists(configuration.layout.pidFile), "a clean stop removes postmaster.pid")
            #expect(service.connectionURL == nil)
        }
    }

    @Test func restartKeepsTheDataAndDoesNotRunInitdbAgain() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = EmbeddedPostgresConfiguration(dataDirectory: directory.dataDirectory)

        let first = EmbeddedPostgres(configuration: configuration, logger: LogCapture().logger())
        do {
            let url = try await first.start()
            _ = try await ServerProbe.psql(
                url,
                "create table kept (value text); insert into kept values ('still here')"
            )
        } catch {
            await first.stop()
            throw error
        }
        await first.stop()
        #expect(await ServerProbe.clusterIsIdle(configuration))
        let versionFile = try #require(FileSystem.status(configuration.layout.versionFile))

        let logs = LogCapture()
        let second = EmbeddedPostgres(configuration: configuration, logger: logs.logger())
        do {
            let url = try await second.start()
            #expect(!logs.contains("Initializing"), "\(logs.all)")
            #expect(!logs.contains("Creating the database"), "\(logs.all)")
            #expect(try await ServerProbe.psql(url, "select value from kept") == "still here")
            #expect(FileSystem.status(configuration.layout.versionFile)?.size == versionFile.size)
        } catch {
            await second.stop()
            throw error
        }
        await second.stop()
        #expect(await ServerProbe.clusterIsIdle(configuration))
    }

    @Test func gracefulShutdownThroughAServiceGroupStopsTheServer() async throws {
        try await self.withService { service, configuration, _ in
            let group = ServiceGroup(services: [service], logger: Logger(label: "test-group"))
            let outcome = RunOutcome()
            let task = Task {
                do {
                    try await group.run()
                    outcome.record(.success(()))
                } catch {
                    outcome.record(.failure(error))
                }
            }
            let started = await ServerProbe.waitUntil(timeout: .seconds(120)) { service.connectionURL != nil }
            try #require(started, "the service did not start")
            let url = try #require(service.connectionURL)
            let pid = try #require(service.serverProcessID)
            #expect(try await ServerProbe.psql(url, "select 1") == "1")

            await group.triggerGracefulShutdown()
            let result = await outcome.wait(timeout: .seconds(60))
            if result == nil { task.cancel() }
            let ended = try #require(result, "the service group did not finish")
            #expect(throws: Never.self) { try ended.get() }
            #expect(!ProcessTable.isRunning(pid))
            #expect(await ServerProbe.clusterIsIdle(configuration))
            #expect(!FileSystem.exists(configuration.layout.pidFile))
        }
    }

    @Test func cancellingRunStopsTheServer() async throws {
        try await self.withService { service, configuration, _ in
            _ = try await service.start()
            let pid = try #require(service.serverProcessID)
            let (outcome, task) = RunOutcome.start(service)
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            let result = try #require(await outcome.wait(timeout: .seconds(60)), "run() did not return")
            #expect(throws: Never.self) { try result.get() }
            #expect(!ProcessTable.isRunning(pid))
            #expect(await ServerProbe.clusterIsIdle(configuration))
        }
    }

    @Test func theServerDyingEndsRunWithAnError() async throws {
        try await self.withService { service, configuration, _ in
            _ = try await service.start()
            let pid = try #require(service.serverProcessID)
            let (outcome, task) = RunOutcome.start(service)
            try await Task.sleep(for: .milliseconds(300))
            #expect(kill(pid, SIGKILL) == 0)
            let result = await outcome.wait(timeout: .seconds(30))
            if result == nil { task.cancel() }
            let ended = try #require(result, "run() did not notice the server's death")
            guard case .failure(let error) = ended else {
                Issue.record("run() returned normally after the server was killed")
                return
            }
            guard case .serverExited(let status, _, _) = error as? EmbeddedPostgresError else {
                Issue.record("unexpected error: \(error)")
                return
            }
            #expect(status == .signaled(SIGKILL))
            #expect("\(error)".contains("exited unexpectedly with signal 9 (SIGKILL)"))
            #expect(service.connectionURL == nil)
            // The backends notice the postmaster's death and exit by themselves.
            #expect(await ServerProbe.clusterIsIdle(configuration, timeout: .seconds(30)))
        }
    }

    @Test func aServerLeftRunningByAKilledCoordinatorIsStoppedAndReplaced() async throws {
        try await self.withService { service, configuration, logs in
            // Create the cluster, then start it the way a coordinator killed with -9 leaves it: running, and
            // nobody's child (pg_ctl daemonizes it).
            _ = try await service.start()
            await service.stop()
            let account = try ServerAccount.resolve()
            let binaries = try ServerProbe.binaries
            let pgCtl = account.command(
                binaries.pgCtl,
                ["start", "-w", "-t", "60", "-D", configuration.clusterDirectory, "-l", configuration.logFile],
                workingDirectory: configuration.clusterDirectory
            )
            let started = try await ChildProcess.run(pgCtl, timeout: .seconds(90))
            try #require(started.status.isSuccess, "pg_ctl start failed: \(started.output)")
            let orphan = try #require(PostmasterPIDFile.pid(in: configuration.layout.pidFile))
            #expect(PostmasterPIDFile.holder(of: configuration.layout) == .server(orphan))

            do {
                let url = try await service.start()
                #expect(logs.contains("still running on this cluster"), "\(logs.all)")
                #expect(!ProcessTable.isRunning(orphan))
                #expect(service.serverProcessID != orphan)
                #expect(try await ServerProbe.psql(url, "select 1") == "1")
            } catch {
                if ProcessTable.isRunning(orphan) { kill(orphan, SIGQUIT) }
                throw error
            }
        }
    }

    @Test func aStalePIDFileDoesNotPreventAStart() async throws {
        try await self.withService { service, configuration, logs in
            _ = try await service.start()
            await service.stop()

            // A PID that is not running: a process that has ended and been reaped.
            let ended = try ChildProcess.spawn(
                Command(executable: "/bin/true", arguments: [], environment: []),
                output: .discard
            )
            #expect(try await ended.waitForExit(timeout: .seconds(10)) == .exited(0))
            let deadPID = ended.pid
            let account = try ServerAccount.resolve()
            try FileSystem.writeFileAtomically(
                configuration.layout.pidFile,
                contents: "\(deadPID)\n\(configuration.clusterDirectory)\n",
                mode: 0o600
            )
            try account.takeOwnership(of: configuration.layout.pidFile, recursive: false)
            #expect(PostmasterPIDFile.holder(of: configuration.layout) == .dead(deadPID))
            let first = try await service.start()
            #expect(try await ServerProbe.psql(first, "select 1") == "1")
            await service.stop()

            // A PID that now belongs to an unrelated, running process.
            let sleeper = try ChildProcess.spawn(
                Command(executable: "/bin/sleep", arguments: ["60"], environment: []),
                output: .discard
            )
            defer { sleeper.killAndReap() }

            try FileSystem.writeFileAtomically(
                configuration.layout.pidFile,
                contents: "\(sleeper.pid)\n\(configuration.clusterDirectory)\n",
                mode: 0o600
            )
            try account.takeOwnership(of: configuration.layout.pidFile, recursive: false)
            #expect(PostmasterPIDFile.holder(of: configuration.layout) == .otherProcess(sleeper.pid))
            let second = try await service.start()
            #expect(logs.contains("not this cluster's PostgreSQL server"), "\(logs.all)")
            #expect(try await ServerProbe.psql(second, "select 1") == "1")
            #expect(ProcessTable.isRunning(sleeper.pid), "the unrelated process is left alone")
        }
    }

    @Test func aSecondCoordinatorOnTheSameDataDirectoryIsRefused() async throws {
        try await self.withService { service, configuration, _ in
            _ = try await service.start()
            let other = EmbeddedPostgres(configuration: configuration, logger: LogCapture().logger())
            await #expect(throws: EmbeddedPostgresError.self) { _ = try await other.start() }
            do {
                _ = try await other.start()
            } catch let error as EmbeddedPostgresError {
                guard case .dataDirectoryInUse = error else {
                    Issue.record("unexpected error: \(error)")
                    return
                }
            }
            #expect(try await ServerProbe.psql(service.connectionURL ?? "", "select 1") == "1")
        }
    }

    @Test func aPortAddsALoopbackListener() async throws {
        let port = try #require(ServerProbe.freeLoopbackPort())
        try await self.withService(port: port) { service, configuration, _ in
            let url = try await service.start()
            #expect(url.hasSuffix("&port=\(port)"))
            let loopback = try #require(service.loopbackConnectionURL)
            #expect(loopback == "postgresql://xcheck@127.0.0.1:\(port)/xcheck")
            #expect(try await ServerProbe.psql(loopback, "select inet_server_addr()::text") == "127.0.0.1/32")
            #expect(try await ServerProbe.psql(url, "show listen_addresses") == "127.0.0.1")
        }
    }

    @Test func aNonEmptyDirectoryWithoutAClusterIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = EmbeddedPostgresConfiguration(dataDirectory: directory.dataDirectory)
        try FileSystem.makeDirectory(configuration.clusterDirectory, mode: 0o700, createParents: true)
        try FileSystem.touch(configuration.clusterDirectory + "/something", mode: 0o600)
        let service = EmbeddedPostgres(configuration: configuration, logger: LogCapture().logger())
        await #expect(throws: EmbeddedPostgresError.self) { _ = try await service.start() }
        #expect(FileSystem.exists(configuration.clusterDirectory + "/something"), "nothing was removed")
        await service.stop()
    }

    @Test(.enabled(if: geteuid() == 0, "needs root"))
    func asRootAnUnreachableDataDirectoryIsExplained() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let closed = directory.path + "/closed"
        try FileSystem.makeDirectory(closed, mode: 0o700)
        let configuration = EmbeddedPostgresConfiguration(dataDirectory: closed + "/data")
        let service = EmbeddedPostgres(configuration: configuration, logger: LogCapture().logger())
        do {
            _ = try await service.start()
            Issue.record("started in a directory the postgres user cannot reach")
            await service.stop()
        } catch let error as EmbeddedPostgresError {
            guard case .directoryNotReachable(let path, let user) = error else {
                Issue.record("unexpected error: \(error)")
                return
            }
            #expect(path == closed + "/data")
            #expect(user == "postgres")
            #expect(error.description.contains("chmod o+x"))
        }
    }

    @Test(.enabled(if: geteuid() == 0 && ProcessEnvironment.findExecutable("runuser") != nil, "needs root and runuser"))
    func asRootRunuserAlsoWorks() async throws {
        try await self.withService(preferRunuser: true) { service, configuration, _ in
            let url = try await service.start()
            #expect(try await ServerProbe.psql(url, "select 1") == "1")
            let pid = try #require(service.serverProcessID)
            let (outcome, task) = RunOutcome.start(service)
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            let result = try #require(await outcome.wait(timeout: .seconds(60)), "run() did not return")
            #expect(throws: Never.self) { try result.get() }
            #expect(!ProcessTable.isRunning(pid))
        }
    }
}
