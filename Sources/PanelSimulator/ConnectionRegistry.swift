import NIOCore
import Synchronization

/// Tracks open connections so shutdown can close them, and refuses new ones once shutdown began.
final class ConnectionRegistry: Sendable {
    private struct State {
        var isClosed = false
        var channels: [ObjectIdentifier: any Channel] = [:]
    }

    private let state = Mutex(State())

    /// Adds `channel`; returns `false` (and does not add it) once ``closeAll()`` was called.
    func register(_ channel: any Channel) -> Bool {
        let id = ObjectIdentifier(channel)
        let added = state.withLock { state in
            guard !state.isClosed else { return false }
            state.channels[id] = channel
            return true
        }
        if added {
            channel.closeFuture.whenComplete { [self] _ in
                _ = state.withLock { $0.channels.removeValue(forKey: id) }
            }
        }
        return added
    }

    /// Marks the registry closed and returns the connections that were open.
    func closeAll() -> [any Channel] {
        state.withLock { state in
            state.isClosed = true
            return Array(state.channels.values)
        }
    }
}
