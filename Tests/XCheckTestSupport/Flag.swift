import Synchronization

/// A flag set once, read from any task or thread: lets a test state an order of events ("it gave up while the
/// connection was still held") instead of a wall-clock limit.
public final class Flag: Sendable {
    private let value = Atomic<Bool>(false)

    public init() {}

    /// Sets the flag.
    public func set() { self.value.store(true, ordering: .releasing) }

    /// Whether `set()` has been called.
    public var isSet: Bool { self.value.load(ordering: .acquiring) }
}
