#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs blocking work (raw socket reads with timeouts, waiting for a child process) on a thread of its own,
/// so that tests never block Swift's cooperative thread pool, which the code under test relies on.
public enum OffPool {
    private final class Job: @unchecked Sendable {
        // Written once by the worker thread before it resumes the continuation; read after.
        let body: () throws -> Any
        let continuation: CheckedContinuation<Any, any Error>
        init(body: @escaping () throws -> Any, continuation: CheckedContinuation<Any, any Error>) {
            self.body = body
            self.continuation = continuation
        }
    }

    /// Runs `body` on a new thread and returns its result.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Any, any Error>) in
            let job = Unmanaged.passRetained(Job(body: { try body() as Any }, continuation: continuation)).toOpaque()
            var thread = pthread_t()
            let rc = pthread_create(&thread, nil, { raw in
                let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
                do {
                    job.continuation.resume(returning: try job.body())
                } catch {
                    job.continuation.resume(throwing: error)
                }
                return nil
            }, job)
            if rc == 0 {
                pthread_detach(thread)
            } else {
                let job = Unmanaged<Job>.fromOpaque(job).takeRetainedValue()
                job.continuation.resume(throwing: OffPoolError(code: rc))
            }
        }
        return value as! T
    }

    /// A thread could not be created.
    public struct OffPoolError: Error { public var code: Int32 }
}
