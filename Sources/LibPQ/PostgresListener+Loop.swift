#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The listener thread: connect, LISTEN, poll, deliver, reconnect. Everything here runs on that one thread,
/// which alone owns the connection.
extension PostgresListener {
    func threadMain(pipe: WakeupPipe, started: CheckedContinuation<Void, any Error>) {
        var session = Session()
        do {
            let connection = try PostgresConnection.connect(self.configuration.connection)
            session.connection = connection
            try self.synchronizeChannels(&session, throwOnServerError: true)
        } catch {
            session.connection?.close()
            self.state.withLock { state in
                if state.phase == .starting { state.phase = .idle }
                state.wakeup = nil
                state.exitLatch = nil
            }
            self.resolvePending(upTo: .max, error: PostgresError.closed("the listener did not start"))
            started.resume(throwing: error)
            return
        }
        self.state.withLock { state in
            if state.phase == .starting { state.phase = .running }
        }
        started.resume()
        self.loop(&session, pipe: pipe)
        session.connection?.close()
        self.state.withLock { state in
            state.phase = .stopped
            state.wakeup = nil
        }
        self.resolvePending(upTo: .max, error: PostgresError.closed("the listener is shut down"))
    }

    /// The thread's connection and what it LISTENs on.
    struct Session {
        var connection: PostgresConnection?
        var listening: Set<String> = []
    }

    private var isStopping: Bool {
        self.state.withLock { $0.phase == .stopping || $0.phase == .stopped }
    }

    private func loop(_ session: inout Session, pipe: WakeupPipe) {
        var delay = self.configuration.minimumReconnectDelay
        var announceReconnect = false
        while !self.isStopping {
            guard let connection = session.connection else {
                do {
                    session.connection = try PostgresConnection.connect(self.configuration.connection)
                    session.listening = []
                    announceReconnect = true
                    delay = self.configuration.minimumReconnectDelay
                } catch {
                    self.resolvePending(upTo: self.state.withLock { $0.generation }, error: nil)
                    self.sleep(delay, pipe: pipe)
                    delay = min(delay * 2, self.configuration.maximumReconnectDelay)
                }
                continue
            }
            _ = try? self.synchronizeChannels(&session, throwOnServerError: false)
            guard connection.isConnected else {
                self.drop(&session)
                continue
            }
            if announceReconnect {
                self.continuation.yield(.reconnected)
                announceReconnect = false
            }
            self.deliver(connection)
            switch self.wait(connection, pipe: pipe) {
            case .woken:
                pipe.drain()
            case .readable:
                if !connection.consumeInput() { self.drop(&session) }
            case .timedOut:
                if (try? connection.execute("SELECT 1")) == nil && !connection.isConnected { self.drop(&session) }
            }
            if let connection = session.connection { self.deliver(connection) }
        }
    }

    private func drop(_ session: inout Session) {
        session.connection?.close()
        session.connection = nil
        session.listening = []
    }

    private func deliver(_ connection: PostgresConnection) {
        for notification in connection.takeNotifications() {
            self.continuation.yield(.notification(notification))
        }
    }

    /// LISTENs/UNLISTENs until the connection matches the wanted channels, then resolves the waiting
    /// `listen`/`unlisten` calls. Channels the server refuses are dropped and their callers get the error.
    func synchronizeChannels(_ session: inout Session, throwOnServerError: Bool) throws {
        guard let connection = session.connection else { return }
        let (wanted, generation) = self.state.withLock { ($0.channels, $0.generation) }
        var failure: PostgresError?
        for channel in wanted.subtracting(session.listening).sorted() {
            do {
                try connection.executeScript("LISTEN " + (try connection.escapeIdentifier(channel)))
                session.listening.insert(channel)
            } catch let error as PostgresError {
                guard connection.isConnected else {
                    // Applied after the reconnect; callers need not wait for it.
                    self.resolvePending(upTo: generation, error: nil)
                    return
                }
                failure = error
                _ = self.state.withLock { $0.channels.remove(channel) }
            }
        }
        for channel in session.listening.subtracting(wanted).sorted() {
            if (try? connection.executeScript("UNLISTEN " + (try connection.escapeIdentifier(channel)))) != nil
                || !connection.isConnected
            {
                session.listening.remove(channel)
            }
        }
        self.resolvePending(upTo: generation, error: failure)
        if let failure, throwOnServerError { throw failure }
    }

    /// Resumes the `listen`/`unlisten` calls up to `generation`.
    func resolvePending(upTo generation: UInt64, error: PostgresError?) {
        let ready = self.state.withLock { state in
            let ready = state.pending.filter { $0.generation <= generation }
            state.pending.removeAll { $0.generation <= generation }
            return ready
        }
        for entry in ready {
            if let error {
                entry.continuation.resume(throwing: error)
            } else {
                entry.continuation.resume()
            }
        }
    }

    private enum WaitResult {
        case woken, readable, timedOut
    }

    /// Waits in `poll()` for the socket, the wakeup pipe or the health-check interval.
    private func wait(_ connection: PostgresConnection, pipe: WakeupPipe) -> WaitResult {
        let socket = connection.socketDescriptor
        guard socket >= 0 else { return .readable }
        var descriptors = [
            pollfd(fd: socket, events: Int16(POLLIN), revents: 0),
            pollfd(fd: pipe.readDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        let ready = poll(&descriptors, 2, self.configuration.healthCheckInterval.pollMilliseconds)
        if ready < 0 { return errno == EINTR ? .woken : .readable }
        if ready == 0 { return .timedOut }
        if descriptors[1].revents != 0 { return .woken }
        return .readable
    }

    /// Sleeps for `duration` unless woken through the pipe.
    private func sleep(_ duration: Duration, pipe: WakeupPipe) {
        var descriptor = pollfd(fd: pipe.readDescriptor, events: Int16(POLLIN), revents: 0)
        if poll(&descriptor, 1, duration.pollMilliseconds) > 0 {
            pipe.drain()
        }
    }
}
