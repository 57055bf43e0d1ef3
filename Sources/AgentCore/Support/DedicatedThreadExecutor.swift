#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A serial executor backed by one POSIX thread of its own. Actors that do blocking file I/O (the spool's
/// `write` and `fsync`) run on it, so the I/O never occupies a thread of Swift's cooperative pool.
final class DedicatedThreadExecutor: SerialExecutor, @unchecked Sendable {
    // `jobs` is only touched with `mutex` held; the mutex and condition live for the process (see `spool`).
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var jobs: [UnownedJob] = []

    /// The executor of every ``Spool``: one thread for the process, started on first use.
    static let spool = DedicatedThreadExecutor(name: "xcheck-spool")

    private init(name: String) {
        self.mutex = .allocate(capacity: 1)
        self.condition = .allocate(capacity: 1)
        pthread_mutex_init(self.mutex, nil)
        pthread_cond_init(self.condition, nil)
        do {
            _ = try PosixThread.start(name: name) { [self] in self.loop() }
        } catch {
            fatalError("xcheck-agent: cannot start the \(name) thread: \(error)")
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        pthread_mutex_lock(self.mutex)
        self.jobs.append(unowned)
        pthread_cond_signal(self.condition)
        pthread_mutex_unlock(self.mutex)
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    private func loop() {
        var batch: [UnownedJob] = []
        while true {
            pthread_mutex_lock(self.mutex)
            while self.jobs.isEmpty { pthread_cond_wait(self.condition, self.mutex) }
            swap(&batch, &self.jobs)
            pthread_mutex_unlock(self.mutex)
            for job in batch { job.runSynchronously(on: self.asUnownedSerialExecutor()) }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
