import Testing

@testable import EmbeddedPostgres

/// Parts that need no PostgreSQL server.
struct EmbeddedPostgresUnitTests {
    static let missingMessage =
        "PostgreSQL server binaries not found; install them with `apt-get install postgresql` (Debian/Ubuntu), or pass --database-url."

    @Test func missingBinariesGiveTheExactMessage() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = EmbeddedPostgresConfiguration(
            dataDirectory: directory.dataDirectory,
            binDirectory: directory.path + "/no-such-bin"
        )
        let service = EmbeddedPostgres(configuration: configuration, logger: LogCapture().logger())
        do {
            _ = try await service.start()
            Issue.record("start() succeeded without binaries")
            await service.stop()
        } catch let error as EmbeddedPostgresError {
            guard case .binariesNotFound = error else {
                Issue.record("unexpected error: \(error)")
                return
            }
            #expect(error.description == Self.missingMessage)
            #expect("\(error)" == Self.missingMessage)
        }
        #expect(service.connectionURL == nil)
        await service.stop()
    }

    @Test func tooLongSocketPathsAreRefusedBeforeAnythingIsCreated() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let deep = directory.path + "/" + String(repeating: "d", count: 100)
        let service = EmbeddedPostgres(
            configuration: EmbeddedPostgresConfiguration(dataDirectory: deep),
            logger: LogCapture().logger()
        )
        do {
            _ = try await service.start()
            Issue.record("started with a socket path over the limit")
            await service.stop()
        } catch let error as EmbeddedPostgresError {
            guard case .socketPathTooLong = error else {
                Issue.record("unexpected error: \(error)")
                return
            }
        }
        #expect(!FileSystem.exists(deep))
    }

    @Test func aBogusPGBinIsNotSilentlyReplaced() {
        #expect(throws: EmbeddedPostgresError.self) {
            _ = try PostgresBinaries.discover(environment: ["PG_BIN": "/nonexistent/bin", "PATH": "/usr/bin:/bin"])
        }
        #expect(!PostgresBinaries.areAvailable(binDirectory: "/nonexistent/bin"))
    }

    @Test func connectionURLsArePercentEncoded() {
        #expect(
            ConnectionURL.socket(
                user: "xcheck",
                database: "xcheck",
                socketDirectory: "/var/lib/x check/run",
                port: 5432
            )
                == "postgresql://xcheck@/xcheck?host=%2Fvar%2Flib%2Fx%20check%2Frun&port=5432"
        )
        #expect(
            ConnectionURL.loopback(user: "a@b", database: "d/b", port: 6543)
                == "postgresql://a%40b@127.0.0.1:6543/d%2Fb"
        )
        #expect(ConnectionURL.encode("é~_.-") == "%C3%A9~_.-")
    }

    @Test func settingsAreQuotedAndManagedOnesRefused() throws {
        let text = try ClusterSettings.render(
            socketDirectory: "/d/run",
            port: 5432,
            listenOnLoopback: false,
            extra: ["shared_buffers": "128MB", "search_path": "it's\\here"]
        )
        #expect(text.contains("unix_socket_directories = '/d/run'\n"))
        #expect(text.contains("listen_addresses = ''\n"))
        #expect(text.contains("fsync = on\n"))
        #expect(text.contains("search_path = 'it''s\\\\here'\n"))
        #expect(text.contains("shared_buffers = '128MB'\n"))
        let loopback = try ClusterSettings.render(
            socketDirectory: "/d/run",
            port: 6000,
            listenOnLoopback: true,
            extra: ["fsync": "off"]
        )
        #expect(loopback.contains("listen_addresses = '127.0.0.1'\n"))
        #expect(loopback.contains("port = 6000\n"))
        #expect(!loopback.contains("fsync = on"))
        #expect(loopback.contains("fsync = 'off'\n"))

        for (name, value) in [
            ("listen_addresses", "*"), ("PORT", "1"), ("bad name", "x"), ("work_mem", "1\nport=2"), ("1x", "y"),
        ] {
            #expect(throws: EmbeddedPostgresError.self) {
                _ = try ClusterSettings.render(
                    socketDirectory: "/d",
                    port: 1,
                    listenOnLoopback: false,
                    extra: [name: value]
                )
            }
        }
    }

    @Test func exitStatusesDecode() {
        #expect(ProcessExitStatus(waitStatus: 0) == .exited(0))
        #expect(ProcessExitStatus(waitStatus: 3 << 8) == .exited(3))
        #expect(ProcessExitStatus(waitStatus: 9) == .signaled(9))
        #expect(ProcessExitStatus.signaled(9).description == "signal 9 (SIGKILL)")
        #expect(ProcessExitStatus.exited(1).description == "exit status 1")
    }

    @Test func childProcessesCaptureOutputAndTimeOut() async throws {
        let echo = Command(executable: "/bin/sh", arguments: ["-c", "echo out; echo err >&2; exit 3"], environment: [])
        let result = try await ChildProcess.run(echo, timeout: .seconds(10))
        #expect(result.status == .exited(3))
        #expect(result.output == "out\nerr\n")

        let slow = Command(executable: "/bin/sleep", arguments: ["30"], environment: [])
        // `sleep 30` can only end early by being killed: the timeout error is the proof.
        await #expect(throws: EmbeddedPostgresError.self) {
            _ = try await ChildProcess.run(slow, timeout: .milliseconds(200))
        }

        await #expect(throws: EmbeddedPostgresError.self) {
            _ = try await ChildProcess.run(
                Command(executable: "/nonexistent", arguments: [], environment: []),
                timeout: .seconds(1)
            )
        }
    }

    @Test func environmentForChildrenDropsLibpqVariables() {
        let environment = ProcessEnvironment.forChild(overrides: ["HOME": "/h"])
        #expect(!environment.contains { $0.hasPrefix("PG") })
        #expect(environment.contains("HOME=/h"))
    }
}
