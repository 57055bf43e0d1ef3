#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A plain POSIX thread that runs one closure: the curl driver's loop must never run on Swift's cooperative
/// thread pool, because `curl_multi_poll` blocks.
struct DriverThread: @unchecked Sendable {
    // pthread_t is a plain integer handle; joined exactly once by the owner.
    private let thread: pthread_t

    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Starts a thread running `body`; nil when the system refuses to create one.
    static func start(_ body: @escaping @Sendable () -> Void) -> DriverThread? {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
            box.body()
            return nil
        }, box)
        guard rc == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            return nil
        }
        return DriverThread(thread: thread)
    }

    /// Waits for the thread to end.
    func join() { pthread_join(self.thread, nil) }
}
