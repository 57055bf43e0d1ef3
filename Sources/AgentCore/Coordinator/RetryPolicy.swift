/// Exponential back-off with jitter for calls to the coordinator: the n-th retry in a row waits a random
/// time in the upper half of `base × 2^(n-1)`, capped at `maximum`. The jitter spreads the agents of a
/// region apart when the coordinator comes back, so they do not all return at the same moment.
public struct RetryPolicy: Sendable, Hashable {
    /// The first retry's ceiling.
    public var base: Duration
    /// The longest wait.
    public var maximum: Duration

    public init(base: Duration = .seconds(1), maximum: Duration = .seconds(60)) {
        self.base = base
        self.maximum = max(base, maximum)
    }

    /// The wait before retry number `attempt` (1 for the first retry).
    public func delay(attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return self.delay(attempt: attempt, using: &generator)
    }

    /// The wait before retry number `attempt`, drawn from `generator`.
    public func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = self.ceiling(attempt: attempt)
        let micros = Self.microseconds(ceiling)
        guard micros > 1 else { return ceiling }
        let half = micros / 2
        return .microseconds(half + Int64.random(in: 0...(micros - half), using: &generator))
    }

    /// The upper bound of the wait before retry number `attempt`.
    public func ceiling(attempt: Int) -> Duration {
        var ceiling = self.base
        var step = 1
        while step < attempt, ceiling < self.maximum {
            ceiling = ceiling * 2
            step += 1
        }
        return min(ceiling, self.maximum)
    }

    static func microseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
