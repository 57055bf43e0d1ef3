import Synchronization

/// Holds the listener context, which can only be built once the bound port is known.
final class ListenerContextBox: Sendable {
    private let storage = Mutex<ListenerContext?>(nil)

    var value: ListenerContext? {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
