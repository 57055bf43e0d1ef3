/// The pool's timer thread: it sleeps until the next deadline (a waiter's acquire timeout, an idle timeout, a
/// background reconnect) or until woken, then calls `tick`. It never calls libpq.
final class Housekeeper: @unchecked Sendable {
    /// What the thread does after a tick.
    enum Next {
        case sleep(Duration)
        case sleepUntilWoken
        case stop
    }

    // `woken` and `stopped` are only touched with `lock` held.
    private let lock = ConditionLock()
    private var woken = false
    private var stopped = false

    init() {}

    /// Starts the thread, which arrives at `exitLatch` when it ends.
    func start(exitLatch: ExitLatch, tick: @escaping @Sendable () -> Next) {
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

    private func loop(_ tick: @Sendable () -> Next) {
        while true {
            if self.lock.withLock({ self.stopped }) { return }
            let next = tick()
            let keepGoing = self.lock.withLock { () -> Bool in
                if !self.woken && !self.stopped {
                    switch next {
                    case .sleep(let duration): if duration > .zero { self.lock.wait(timeout: duration) }
                    case .sleepUntilWoken: self.lock.wait()
                    case .stop: self.stopped = true
                    }
                }
                self.woken = false
                return !self.stopped
            }
            if !keepGoing { return }
        }
    }
}
