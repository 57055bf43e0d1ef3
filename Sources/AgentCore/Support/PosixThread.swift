#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A POSIX thread of the agent's own, for blocking work that must never run on Swift's cooperative pool (the
/// spool's file I/O, the metrics listener).
final class PosixThread: Sendable {
    /// The body handed to the new thread.
    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    private let handle: pthread_t

    private init(handle: pthread_t) { self.handle = handle }

    /// Starts a thread running `body`.
    /// - Parameters:
    ///   - name: what the thread is for (in errors).
    ///   - body: the work; the thread ends when it returns.
    static func start(name: String, _ body: @escaping @Sendable () -> Void) throws(SystemError) -> PosixThread {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var handle = pthread_t()
        let rc = pthread_create(&handle, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        guard rc == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw SystemError(call: "pthread_create", code: rc, subject: name)
        }
        return PosixThread(handle: handle)
    }

    /// Waits for the thread to end. Blocks: call it from a thread of its own (see ``joinOffPool()``).
    func join() {
        pthread_join(self.handle, nil)
    }

    /// Waits for the thread to end without blocking the cooperative pool: the join happens on a helper thread.
    func joinOffPool() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            do {
                _ = try PosixThread.start(name: "xcheck-join") {
                    self.join()
                    done.resume()
                }
            } catch {
                self.join()
                done.resume()
            }
        }
    }
}
