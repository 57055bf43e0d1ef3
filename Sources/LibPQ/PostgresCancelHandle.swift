internal import CLibPQ
import Synchronization

/// Asks the server to cancel whatever its session is running (`PQcancel`). Safe to use from any thread while
/// another thread waits in a query on the same connection.
///
/// Obtain it from ``PostgresConnection/cancelHandle``; it follows the connection through ``PostgresConnection/reset()``.
public final class PostgresCancelHandle: Sendable {
    /// `PGcancel*` from `PQgetCancel`. libpq documents it as read-only and safe to pass to `PQcancel` from
    /// any thread; it is freed only under the mutex.
    struct CancelPointer: @unchecked Sendable {
        let raw: OpaquePointer
    }

    /// The `PGcancel` object and, for pooled connections, which lease it may cancel.
    private struct State: Sendable {
        var pointer: CancelPointer?
        /// The pool's current lease of the connection, if any.
        var leaseID: UInt64?
        /// True once the current lease was cancelled.
        var leaseCancelled = false
    }

    // The mutex is held during `PQcancel`, so that a pool waits for an in-flight cancel request before it
    // hands the connection to someone else (a late cancel must never hit the next lease's query).
    private let state: Mutex<State>

    init(pointer: OpaquePointer?) {
        self.state = Mutex(State(pointer: pointer.map(CancelPointer.init(raw:))))
    }

    deinit {
        self.state.withLock { state in
            if let pointer = state.pointer { PQfreeCancel(pointer.raw) }
            state.pointer = nil
        }
    }

    /// Requests cancellation of the command the connection is running. Blocking: opens a short connection to
    /// the server. A request that arrives while the session is idle is ignored by the server.
    ///
    /// The corresponding C function is `PQcancel`.
    /// - Throws: ``PostgresError`` with code `.connectionFailed` when the request could not be delivered, or
    ///   `.closed` when the connection is closed.
    public func cancel() throws {
        try self.state.withLock { state in
            try Self.sendCancel(state.pointer)
        }
    }

    private static func sendCancel(_ pointer: CancelPointer?) throws {
        guard let pointer else { throw PostgresError.closed() }
        var buffer = [CChar](repeating: 0, count: 256)
        guard PQcancel(pointer.raw, &buffer, Int32(buffer.count)) == 1 else {
            let message = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw PostgresError(
                code: .connectionFailed, message: message.isEmpty ? "the cancel request failed" : message)
        }
    }

    /// Replaces the `PGcancel` object (after a reset) or drops it (after close).
    func replace(with pointer: OpaquePointer?) {
        let replacement = pointer.map(CancelPointer.init(raw:))
        self.state.withLock { state in
            if let old = state.pointer { PQfreeCancel(old.raw) }
            state.pointer = replacement
        }
    }

    // MARK: Leases (used by the pool)

    /// Marks the connection as leased to request `id`.
    func beginLease(_ id: UInt64) {
        self.state.withLock { state in
            state.leaseID = id
            state.leaseCancelled = false
        }
    }

    /// Ends the lease; waits for a cancel request still in flight for it.
    func endLease() {
        self.state.withLock { state in
            state.leaseID = nil
            state.leaseCancelled = false
        }
    }

    /// Cancels lease `id` if it is still the current one: later commands of the lease fail with `.cancelled`,
    /// and the running one is cancelled on the server. Blocking.
    func cancelLease(_ id: UInt64) {
        self.state.withLock { state in
            guard state.leaseID == id, !state.leaseCancelled else { return }
            state.leaseCancelled = true
            try? Self.sendCancel(state.pointer)
        }
    }

    /// True when the current lease was cancelled.
    var isLeaseCancelled: Bool { self.state.withLock { $0.leaseCancelled } }
}
