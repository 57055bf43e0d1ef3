#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A POSIX mutex with one condition variable, for the pool's own threads: they sleep on it until work
/// arrives or a deadline passes. `Synchronization.Mutex` has no condition variable, hence this type.
///
/// Timed waits use `CLOCK_MONOTONIC` where the platform allows it, so wall-clock changes do not disturb them.
final class ConditionLock: @unchecked Sendable {
    // Both pointers are allocated once and never move; pthread objects must not be copied.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
        self.mutex = .allocate(capacity: 1)
        self.mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(self.mutex, nil)
        self.condition = .allocate(capacity: 1)
        self.condition.initialize(to: pthread_cond_t())
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        #if !canImport(Darwin)
            pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        #endif
        pthread_cond_init(self.condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(self.condition)
        pthread_mutex_destroy(self.mutex)
        self.condition.deinitialize(count: 1)
        self.condition.deallocate()
        self.mutex.deinitialize(count: 1)
        self.mutex.deallocate()
    }

    /// Runs `body` with the mutex held.
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(self.mutex)
        defer { pthread_mutex_unlock(self.mutex) }
        return try body()
    }

    /// Waits for a signal. Call only with the mutex held (inside `withLock`); spurious wake-ups happen.
    func wait() {
        pthread_cond_wait(self.condition, self.mutex)
    }

    /// Waits for a signal or until `timeout` has passed. Call only with the mutex held.
    func wait(timeout: Duration) {
        let nanoseconds = max(Int64(0), timeout.nanosecondsClamped)
        #if canImport(Darwin)
            var relative = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
            pthread_cond_timedwait_relative_np(self.condition, self.mutex, &relative)
        #else
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let total = Int64(now.tv_nsec) + nanoseconds % 1_000_000_000
            var deadline = timespec()
            deadline.tv_sec = now.tv_sec + Int(nanoseconds / 1_000_000_000) + Int(total / 1_000_000_000)
            deadline.tv_nsec = Int(total % 1_000_000_000)
            pthread_cond_timedwait(self.condition, self.mutex, &deadline)
        #endif
    }

    /// Wakes one waiter.
    func signal() { pthread_cond_signal(self.condition) }

    /// Wakes every waiter.
    func broadcast() { pthread_cond_broadcast(self.condition) }
}

extension Duration {
    /// The duration in nanoseconds, clamped to `Int64`.
    var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = self.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return seconds < 0 ? .min : .max }
        return sum
    }

    /// The duration in whole milliseconds, rounded up and clamped to `Int32` (for `poll`).
    var pollMilliseconds: Int32 {
        let nanoseconds = self.nanosecondsClamped
        if nanoseconds <= 0 { return 0 }
        let milliseconds = (nanoseconds + 999_999) / 1_000_000
        return Int32(clamping: milliseconds)
    }
}
