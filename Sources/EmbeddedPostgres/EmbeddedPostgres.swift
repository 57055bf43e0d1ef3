public import Logging
public import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A private PostgreSQL server for the coordinator, made from the machine's PostgreSQL binaries and living in
/// the coordinator's data directory (see ``EmbeddedPostgresConfiguration`` for the layout and the security
/// model).
///
/// ``start()`` creates the cluster on first use (`initdb`, trust authentication, UTF-8, C locale), writes the
/// managed settings, starts `postgres` as a child process the coordinator owns, waits until it accepts
/// connections, creates the database if missing and returns its libpq URL. ``run()`` (the `Service`
/// requirement) keeps watching the server: it returns after a graceful shutdown, once the server has stopped,
/// and throws ``EmbeddedPostgresError/serverExited(status:logFile:logTail:)`` if the server dies on its own, so
/// that a `ServiceGroup` shuts the coordinator down. Put this service **first** in the group: services stop
/// in reverse order, so the database then outlives everything that uses it.
///
/// Stopping is PostgreSQL's fast shutdown (`SIGINT`: open transactions roll back, everything is written),
/// then after ``EmbeddedPostgresConfiguration/shutdownTimeout`` an immediate shutdown (`SIGQUIT`, crash
/// recovery on the next start), then after 10 more seconds `SIGKILL`.
///
/// **Running as root.** PostgreSQL refuses to run as root, so the server programs then run as the `postgres`
/// OS user (``EmbeddedPostgresConfiguration/serverUser``) through `setpriv` (preferred) or `runuser`; the
/// cluster, the socket directory and the log are given to that user, the data directory itself stays root's
/// and gets search permission for others (`o+x`, no listing) if it lacks it. The coordinator, as root, still
/// reaches the `0700` socket directory.
///
/// **Leftovers after a crash.** A lock on `<data>/postgresql.lock` proves no other live coordinator uses the
/// data directory (a second one fails with ``EmbeddedPostgresError/dataDirectoryInUse(path:)``). Holding it,
/// ``start()`` examines `postmaster.pid`:
/// - it names a running `postgres` working in this cluster: the server outlived a coordinator that was
///   killed. It is **stopped** (fast shutdown, then immediate) **and started again** as a child of this
///   coordinator, rather than reused: only a child can be watched and reaped reliably, and the new start
///   applies the current settings.
/// - it names a PID that is not running: left alone; PostgreSQL removes a stale file itself.
/// - it names a running process that is not this cluster's server (the PID was reused): the stale file is
///   removed so PostgreSQL does not refuse to start.
///
/// No password exists or is logged: the server trusts connections that reach its private socket.
public final class EmbeddedPostgres: Service {
    /// The configuration this server was created with.
    public let configuration: EmbeddedPostgresConfiguration
    let logger: Logger
    let preferRunuser: Bool
    private let phase: Mutex<Phase>

    private enum Phase {
        case idle
        case starting(stopRequested: Bool)
        case running(RunningServer)
        case stopping(RunningServer)
    }

    /// A server that is not started yet; nothing touches the disk before ``start()``.
    public init(configuration: EmbeddedPostgresConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.preferRunuser = false
        self.phase = Mutex(.idle)
    }

    /// As ``init(configuration:logger:)``; with `preferRunuser`, `runuser` switches to the server user even
    /// where `setpriv` exists (for tests of that path).
    init(configuration: EmbeddedPostgresConfiguration, logger: Logger, preferRunuser: Bool) {
        self.configuration = configuration
        self.logger = logger
        self.preferRunuser = preferRunuser
        self.phase = Mutex(.idle)
    }

    deinit {
        // Last resort for a server that was never stopped: ask for a fast shutdown without waiting.
        self.phase.withLock { phase in
            switch phase {
            case .running(let server), .stopping(let server):
                server.signalPostmaster(SIGINT)
            case .idle, .starting:
                break
            }
        }
    }

    /// The libpq URL over the Unix socket while the server runs.
    public var connectionURL: String? { self.runningServer?.url }

    /// The libpq URL over TCP (`127.0.0.1`) while the server runs, when a port is configured.
    public var loopbackConnectionURL: String? { self.runningServer?.loopbackURL }

    /// The postmaster's PID while the server runs.
    public var serverProcessID: Int32? { self.runningServer.map { Int32($0.postmasterPID) } }

    private var runningServer: RunningServer? {
        self.phase.withLock { phase in
            if case .running(let server) = phase { return server }
            return nil
        }
    }

    /// Creates the cluster if needed, starts the server, waits until it accepts connections, creates the
    /// database if missing, and returns the libpq URL over the Unix socket:
    /// `postgresql://xcheck@/xcheck?host=%2F...%2Frun&port=5432`.
    ///
    /// Calling it while the server runs returns the same URL. Cancelling the task stops whatever was started
    /// and throws `CancellationError`.
    /// - Throws: ``EmbeddedPostgresError`` (missing binaries, `initdb` or start failures, ...) or
    ///   `CancellationError`.
    public func start() async throws -> String {
        enum Decision {
            case go
            case running(String)
            case busy(String)
        }
        let decision = self.phase.withLock { phase -> Decision in
            switch phase {
            case .idle:
                phase = .starting(stopRequested: false)
                return .go
            case .running(let server):
                return .running(server.url)
            case .starting:
                return .busy("The embedded PostgreSQL server is already starting.")
            case .stopping:
                return .busy("The embedded PostgreSQL server is stopping.")
            }
        }
        switch decision {
        case .running(let url):
            return url
        case .busy(let message):
            throw EmbeddedPostgresError.busy(message)
        case .go:
            break
        }

        let server: RunningServer
        do {
            server = try await self.launch()
        } catch {
            self.phase.withLock { $0 = .idle }
            throw error
        }
        let keep = self.phase.withLock { phase -> Bool in
            if case .starting(stopRequested: false) = phase {
                phase = .running(server)
                return true
            }
            phase = .stopping(server)
            return false
        }
        guard keep else {
            // stop() was called while starting.
            await self.shutdownIgnoringCancellation(server)
            self.phase.withLock { $0 = .idle }
            throw CancellationError()
        }
        return server.url
    }

    /// Starts the server if ``start()`` was not called yet, then watches it until a graceful shutdown (or
    /// cancellation), after which it stops the server and returns.
    ///
    /// - Throws: ``EmbeddedPostgresError/serverExited(status:logFile:logTail:)`` when the server exits on its
    ///   own; start errors when it had to start the server.
    public func run() async throws {
        var server = self.runningServer
        if server == nil {
            _ = try await self.start()
            server = self.runningServer
        }
        guard let server else { return }
        do {
            try await cancelWhenGracefulShutdown {
                try await self.watch(server)
            }
        } catch is CancellationError {
            // Graceful shutdown or cancellation: stop below.
        } catch {
            self.phase.withLock { phase in
                if case .running(let current) = phase, current.process === server.process {
                    phase = .idle
                }
            }
            server.lock.release()
            self.logger.error(
                "The embedded PostgreSQL server exited unexpectedly",
                metadata: ["error": "\(error)"]
            )
            throw error
        }
        await self.stop()
    }

    /// Stops the server (fast shutdown, see the type) and waits until it has exited. Safe to call any number of
    /// times, concurrently, and from a cancelled task: the wait is bounded and not cut short. Called while
    /// ``start()`` runs, it makes that start stop the server and throw `CancellationError`, and waits for it.
    public func stop() async {
        enum Action {
            case done
            case shutdown(RunningServer)
            case wait
        }
        let clock = ContinuousClock()
        let deadline = clock.now
            .advanced(by: self.configuration.startupTimeout)
            .advanced(by: self.configuration.shutdownTimeout)
            .advanced(by: .seconds(60))
        while true {
            let action = self.phase.withLock { phase -> Action in
                switch phase {
                case .idle:
                    return .done
                case .starting:
                    phase = .starting(stopRequested: true)
                    return .wait
                case .running(let server):
                    phase = .stopping(server)
                    return .shutdown(server)
                case .stopping:
                    return .wait
                }
            }
            switch action {
            case .done:
                return
            case .shutdown(let server):
                await self.shutdownIgnoringCancellation(server)
                self.phase.withLock { $0 = .idle }
                return
            case .wait:
                if clock.now >= deadline {
                    self.logger.warning("Gave up waiting for the embedded PostgreSQL server to start or stop")
                    return
                }
                await Task { try? await Task.sleep(for: .milliseconds(50)) }.value
            }
        }
    }

    /// Polls the server process until it exits; returns quietly if that is because the server is being
    /// stopped, throws otherwise.
    private func watch(_ server: RunningServer) async throws {
        while true {
            if let status = server.process.poll() {
                let expected = self.phase.withLock { phase -> Bool in
                    if case .running = phase { return false }
                    return true
                }
                if expected { return }
                throw EmbeddedPostgresError.serverExited(
                    status: status,
                    logFile: server.layout.logFile,
                    logTail: server.logTail
                )
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// ``shutdown(_:)`` in a task of its own, so the caller's cancellation cannot cut the bounded waits short.
    func shutdownIgnoringCancellation(_ server: RunningServer) async {
        await Task { await self.shutdown(server) }.value
    }
}
