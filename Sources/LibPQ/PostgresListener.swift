import Synchronization

/// Receives PostgreSQL notifications (`LISTEN`/`NOTIFY`) on a dedicated connection and a dedicated thread, and
/// delivers them as an `AsyncStream`.
///
/// The thread waits in `poll()` on the connection's socket and a wakeup pipe, so it never blocks Swift's
/// cooperative pool. When the connection is lost it reconnects with exponential back-off, LISTENs again and
/// yields ``Event/reconnected``: notifications sent while it was away are lost, so consumers should re-check
/// whatever state they were waiting on.
///
/// ```swift
/// let listener = PostgresListener(configuration: .init(connection: configuration), channels: ["jobs"])
/// try await listener.start()
/// for await event in listener.events {
///     switch event {
///     case .notification(let notification): handle(notification.payload)
///     case .reconnected: recheckPendingWork()
///     }
/// }
/// ```
public final class PostgresListener: Sendable {
    /// What the stream delivers.
    public enum Event: Sendable, Hashable {
        /// A notification on one of the channels.
        case notification(PostgresNotification)
        /// The connection was lost and is back, LISTENing again; notifications may have been missed.
        case reconnected
    }

    /// Connection and reconnection settings.
    public struct Configuration: Sendable {
        /// How the listener's connection is opened.
        public var connection: PostgresConnection.Configuration
        /// The first wait before reconnecting after a failed attempt. Default: 100 ms.
        public var minimumReconnectDelay: Duration = .milliseconds(100)
        /// The longest wait between reconnection attempts (the delay doubles up to this). Default: 10 seconds.
        public var maximumReconnectDelay: Duration = .seconds(10)
        /// How long the connection may stay silent before the listener checks it with `SELECT 1`. Default: 30 s.
        public var healthCheckInterval: Duration = .seconds(30)

        /// Settings with the defaults.
        public init(connection: PostgresConnection.Configuration) {
            self.connection = connection
        }
    }

    enum Phase {
        case idle, starting, running, stopping, stopped
    }

    struct State: Sendable {
        var phase = Phase.idle
        /// The channels the caller wants.
        var channels: Set<String>
        /// Bumped by every listen/unlisten; the thread reports which generation it applied.
        var generation: UInt64 = 0
        var pending: [(generation: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var wakeup: WakeupPipe?
        var exitLatch: ExitLatch?
    }

    /// The configuration.
    public let configuration: Configuration
    /// The notifications and markers, in order. One consumer; buffered without limit; finishes after
    /// ``shutdown()``.
    public let events: AsyncStream<Event>
    let continuation: AsyncStream<Event>.Continuation
    let state: Mutex<State>

    /// Creates a listener for `channels`; nothing happens until ``start()``.
    public init(configuration: Configuration, channels: Set<String> = []) {
        self.configuration = configuration
        (self.events, self.continuation) = AsyncStream.makeStream(of: Event.self)
        self.state = Mutex(State(channels: channels))
    }

    /// Starts the thread and returns once the connection is open and LISTENing on every channel.
    /// - Throws: ``PostgresError`` (`.connectionFailed`, `.server` for a bad channel name); the listener is then
    ///   idle again and `start()` may be retried. `.closed` after ``shutdown()``.
    public func start() async throws {
        for channel in self.state.withLock({ $0.channels }) { try Self.validate(channel) }
        guard let pipe = WakeupPipe() else {
            throw PostgresError(code: .connectionFailed, message: "could not create the listener's wakeup pipe")
        }
        let latch = ExitLatch(count: 1)
        try self.state.withLock { state in
            switch state.phase {
            case .idle:
                state.phase = .starting
                state.wakeup = pipe
                state.exitLatch = latch
            case .starting, .running:
                throw PostgresError(code: .closed, message: "the listener is already started")
            case .stopping, .stopped:
                throw PostgresError.closed("the listener is shut down")
            }
        }
        try await withCheckedThrowingContinuation { (started: CheckedContinuation<Void, any Error>) in
            let ok = OwnedThread.start {
                self.threadMain(pipe: pipe, started: started)
                latch.arrive()
            }
            if !ok {
                self.state.withLock { state in
                    state.phase = .idle
                    state.wakeup = nil
                    state.exitLatch = nil
                }
                started.resume(
                    throwing: PostgresError(code: .connectionFailed, message: "could not start the listener thread"))
            }
        }
    }

    /// Adds `channel`. Returns once the listener LISTENs on it (or, while reconnecting, once it is recorded;
    /// it is LISTENed after the reconnect, announced by ``Event/reconnected``).
    /// - Throws: ``PostgresError``: `.encoding` for an empty, too long (over 63 bytes) or NUL-containing name,
    ///   `.server` when the server refuses it, `.closed` after ``shutdown()``.
    public func listen(_ channel: String) async throws {
        try Self.validate(channel)
        try await self.changeChannels { $0.insert(channel) }
    }

    /// Removes `channel`. Returns once the listener no longer LISTENs on it (or while reconnecting, once recorded).
    /// - Throws: ``PostgresError`` (`.closed` after ``shutdown()``).
    public func unlisten(_ channel: String) async throws {
        try await self.changeChannels { $0.remove(channel) }
    }

    /// The channels the listener is asked to LISTEN on.
    public var channels: Set<String> { self.state.withLock { $0.channels } }

    /// Stops the thread, closes the connection and finishes ``events``. Idempotent.
    public func shutdown() async {
        let (pipe, latch): (WakeupPipe?, ExitLatch?) = self.state.withLock { state in
            switch state.phase {
            case .idle:
                state.phase = .stopped
                return (nil, nil)
            case .starting, .running:
                state.phase = .stopping
                return (state.wakeup, state.exitLatch)
            case .stopping, .stopped:
                return (nil, state.exitLatch)
            }
        }
        pipe?.signal()
        if let latch {
            await latch.wait()
        }
        self.continuation.finish()
    }

    private func changeChannels(_ change: @Sendable (inout Set<String>) -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            enum Outcome { case done, waiting(WakeupPipe?), closed }
            let outcome: Outcome = self.state.withLock { state in
                switch state.phase {
                case .idle:
                    change(&state.channels)
                    return .done
                case .starting, .running:
                    change(&state.channels)
                    state.generation += 1
                    state.pending.append((state.generation, continuation))
                    return .waiting(state.wakeup)
                case .stopping, .stopped:
                    return .closed
                }
            }
            switch outcome {
            case .done: continuation.resume()
            case .waiting(let pipe): pipe?.signal()
            case .closed: continuation.resume(throwing: PostgresError.closed("the listener is shut down"))
            }
        }
    }

    static func validate(_ channel: String) throws {
        let bytes = channel.utf8
        guard !bytes.isEmpty, bytes.count <= 63, !bytes.contains(0) else {
            throw PostgresError(code: .encoding, message: "a channel name must be 1 to 63 bytes without NUL")
        }
    }
}
