/// What an attempt's answer means and when to try again: pure, no I/O.
///
/// 2xx: delivered. 408, 425, 429, 5xx and no HTTP answer (network error, timeout): try again after the next
/// back-off delay (at least `Retry-After`, at most an hour more than the delay), giving up after the last
/// delay. Any other status: failed at once (the receiver refused the request; retrying would not help).
enum AlertDeliveryPolicy {
    /// The classification of one attempt.
    enum Outcome: Sendable, Hashable {
        case delivered
        case retry(error: String)
        case failed(error: String)
    }

    /// Classifies an attempt: `status` nil means no HTTP answer, described by `networkError`. `detail` is a
    /// short, already scrubbed excerpt of the answer's body.
    static func classify(status: Int?, networkError: String, detail: String?) -> Outcome {
        guard let status else { return .retry(error: "no HTTP answer: \(networkError)") }
        let suffix = detail.map { $0.isEmpty ? "" : ": \($0)" } ?? ""
        switch status {
        case 200...299:
            return .delivered
        case 408, 425, 429, 500...599:
            return .retry(error: "HTTP \(status)\(suffix)")
        default:
            return .failed(error: "HTTP \(status), not retried (the receiver refused the request)\(suffix)")
        }
    }

    /// The delay before attempt `attempts + 1`, or nil to give up: `delays[attempts - 1]`, raised to
    /// `retryAfter` seconds (capped at the delay plus one hour).
    static func nextDelay(afterAttempts attempts: Int, delays: [Duration], retryAfterSeconds: Int?) -> Duration? {
        guard attempts >= 1, attempts <= delays.count else { return nil }
        let delay = delays[attempts - 1]
        guard let retryAfterSeconds, retryAfterSeconds > 0 else { return delay }
        let asked = Duration.seconds(retryAfterSeconds)
        return min(max(delay, asked), delay + .seconds(3600))
    }
}
