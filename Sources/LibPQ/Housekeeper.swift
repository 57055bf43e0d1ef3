/// The pool's timer thread: it sleeps until the next deadline (a waiter's acquire timeout, an idle timeout, a
/// background reconnect) or until woken, then calls `tick`. It never calls libpq.
final class Housekeeper: @unchecked Sendable {
    // `woken` and `stopped` are only touched with `lock` held.
    private let lock = ConditionLock()
    private var woken = false
    private var stopped = false

    /// Starts the thread. `tick` returns how long to sleep (nil: until woken). The thread arrives at `exitLatch`
    /// when it ends.
    init(exitLatch: ExitLatch, tick: @escaping @Sendable () -> Duration?) {
        let started = OwnedThread.start { [self] in
            self.loop(tick)
            exitLatch.arrive()
        }
        precondition(started, "LibPQ: could not start the pool's housekeeping thread")
    }

    /// Makes the thread tick now.
    func wake() {
        self.lock.withLock {
            self.woken = true
            self.lock.signal()
        }
    }

    /// Ends the thread after its current tick.
    func stop() {
        self.lock.withLock {
            self.stopped = true
            self.lock.signal()
        }
    }

    private func loop(_ tick: @Sendable () -> Duration?) {
        while true {
            if self.lock.withLock({ self.stopped }) { return }
            let sleep = tick()
            let keepGoing = self.lock.withLock { () -> Bool in
                if !self.woken && !self.stopped {
                    if let sleep {
                        if sleep > .zero { self.lock.wait(timeout: sleep) }
                    } else {
                        self.lock.wait()
                    }
                }
                self.woken = false
                return !self.stopped
            }
            if !keepGoing { return }
        }
    }
}
