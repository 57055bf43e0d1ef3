/// A wait that ran out. Every wait here is bounded, with generous limits: the tests assert exactness, not speed.
struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out: \(self.what)" }
}

/// Polls `condition` every `interval` until it holds; throws ``TimedOut`` after `limit`.
func eventually(
    _ what: String, within limit: Duration = .seconds(60), interval: Duration = .milliseconds(100),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while true {
        if try await condition() { return }
        guard ContinuousClock.now < deadline else { throw TimedOut(what: what) }
        try await Task.sleep(for: interval)
    }
}
