import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension EmbeddedPostgres {
    /// Stops `server`: fast shutdown, then immediate after the configured timeout, then `SIGKILL` after 10 more
    /// seconds; releases the data directory lock afterwards. Every wait is bounded.
    func shutdown(_ server: RunningServer) async {
        defer { server.lock.release() }
        let metadata: Logger.Metadata = ["pid": "\(server.postmasterPID)"]
        if let status = server.process.poll() {
            self.logger.debug("The embedded PostgreSQL server had already exited", metadata: ["status": "\(status)"])
            return
        }
        self.logger.info("Stopping the embedded PostgreSQL server (fast shutdown)", metadata: metadata)
        server.signalPostmaster(SIGINT)
        let timeout = self.configuration.shutdownTimeout
        if let status = await Self.waitForExit(server.process, timeout: timeout) {
            self.logger.info("The embedded PostgreSQL server stopped", metadata: ["status": "\(status)"])
            return
        }
        self.logger.warning(
            "The embedded PostgreSQL server did not stop within \(timeout); requesting an immediate shutdown",
            metadata: metadata
        )
        server.signalPostmaster(SIGQUIT)
        if let status = await Self.waitForExit(server.process, timeout: .seconds(10)) {
            self.logger.info("The embedded PostgreSQL server stopped", metadata: ["status": "\(status)"])
            return
        }
        self.logger.error(
            "The embedded PostgreSQL server ignored an immediate shutdown; killing it",
            metadata: metadata
        )
        server.signalPostmaster(SIGKILL)
        server.process.signal(SIGKILL)
        if await Self.waitForExit(server.process, timeout: .seconds(10)) == nil {
            self.logger.error("The embedded PostgreSQL server process did not exit after SIGKILL", metadata: metadata)
        }
    }

    /// Handles a `postmaster.pid` left by an earlier run (see the type's documentation).
    func retireLeftoverServer(_ layout: ClusterLayout) async throws {
        switch PostmasterPIDFile.holder(of: layout) {
        case .none:
            return
        case .dead(let pid):
            self.logger.info(
                "Found a stale postmaster.pid (PID \(pid) is not running); PostgreSQL removes it on start",
                metadata: ["cluster": "\(layout.cluster)"]
            )
        case .otherProcess(let pid):
            self.logger.warning(
                "postmaster.pid names PID \(pid), which is not this cluster's PostgreSQL server; removing the stale file",
                metadata: ["cluster": "\(layout.cluster)"]
            )
            unlink(layout.pidFile)
        case .unknown(let pid):
            self.logger.warning(
                "postmaster.pid names running PID \(pid), which cannot be examined; leaving it to PostgreSQL",
                metadata: ["cluster": "\(layout.cluster)"]
            )
        case .server(let pid):
            self.logger.warning(
                "A PostgreSQL server from an earlier coordinator run is still running on this cluster; stopping it to start it again",
                metadata: ["pid": "\(pid)", "cluster": "\(layout.cluster)"]
            )
            kill(pid, SIGINT)
            if try await Self.waitUntilGone(pid, timeout: self.configuration.shutdownTimeout) { return }
            self.logger.warning("The leftover PostgreSQL server did not stop; requesting an immediate shutdown")
            kill(pid, SIGQUIT)
            if try await Self.waitUntilGone(pid, timeout: .seconds(10)) { return }
            throw EmbeddedPostgresError.leftoverServerStillRunning(pid: Int32(pid), dataDirectory: layout.cluster)
        }
    }

    private static func waitForExit(_ process: ChildProcess, timeout: Duration) async -> ProcessExitStatus? {
        (try? await process.waitForExit(timeout: timeout)) ?? nil
    }

    /// Polls until `pid` is no longer running; false when `timeout` passes first.
    private static func waitUntilGone(_ pid: pid_t, timeout: Duration) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while ProcessTable.isRunning(pid) {
            if clock.now >= deadline { return false }
            try await Task.sleep(for: .milliseconds(100))
        }
        return true
    }
}
