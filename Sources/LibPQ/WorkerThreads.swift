/// A fixed set of owned threads that run submitted jobs in FIFO order: the pool's "blocking executor". libpq
/// calls (connect, queries, `PQfinish`, `PQcancel`) run here and never on Swift's cooperative pool.
final class WorkerThreads: @unchecked Sendable {
    // `jobs`, `head` and `stopping` are only touched with `lock` held.
    private let lock = ConditionLock()
    private var jobs: [(@Sendable () -> Void)?] = []
    private var head = 0
    private var stopping = false
    private let latch: ExitLatch
    /// The number of threads.
    let count: Int

    /// Starts `count` threads (at least one). Each thread calls `exitLatch.arrive()` when it ends; threads the
    /// system refused to create arrive at once. Every started set must later be stopped with ``stop()``.
    init(count: Int, exitLatch: ExitLatch) {
        self.latch = exitLatch
        self.count = max(1, count)
        var started = 0
        for _ in 0..<self.count {
            let ok = OwnedThread.start { [self] in
                self.work()
                self.latch.arrive()
            }
            if ok { started += 1 }
        }
        precondition(started > 0, "LibPQ: could not start any worker thread")
        for _ in started..<self.count { exitLatch.arrive() }
    }

    /// Queues `job`; it runs on one of the threads. Jobs submitted after ``stop()`` are dropped.
    /// - Returns: false when the threads are stopping.
    @discardableResult
    func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        self.lock.withLock {
            guard !self.stopping else { return false }
            self.jobs.append(job)
            self.lock.signal()
            return true
        }
    }

    /// Lets the threads finish the queued jobs, then end.
    func stop() {
        self.lock.withLock {
            self.stopping = true
            self.lock.broadcast()
        }
    }

    private func work() {
        while let job = self.next() {
            job()
        }
    }

    private func next() -> (@Sendable () -> Void)? {
        self.lock.withLock {
            while true {
                if self.head < self.jobs.count {
                    let job = self.jobs[self.head]
                    self.jobs[self.head] = nil
                    self.head += 1
                    if self.head >= 64 && self.head * 2 >= self.jobs.count {
                        self.jobs.removeFirst(self.head)
                        self.head = 0
                    }
                    return job
                }
                if self.stopping { return nil }
                self.lock.wait()
            }
        }
    }
}
