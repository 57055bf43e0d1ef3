import Synchronization

/// Thread-safe request counters behind one short-held lock (never held across I/O).
final class StatsRecorder: Sendable {
    private struct State {
        var stats = SimulatorStats()
        var inFlight = 0
    }

    private let state = Mutex(State())

    /// Records the start of a request; pair with ``requestEnded()``.
    func requestStarted(path: String, route: PanelRoute) {
        state.withLock { state in
            state.stats.totalRequests += 1
            switch route {
            case .login: state.stats.loginRequests += 1
            case .stream: state.stats.streamRequests += 1
            case .playlist, .other: break
            }
            if state.stats.paths.count < SimulatorStats.pathLimit {
                state.stats.paths.append(path)
            }
            state.inFlight += 1
            state.stats.maxConcurrentRequests = max(state.stats.maxConcurrentRequests, state.inFlight)
        }
    }

    /// Records that a request's response finished or its connection went away.
    func requestEnded() {
        state.withLock { $0.inFlight -= 1 }
    }

    var snapshot: SimulatorStats {
        state.withLock { $0.stats }
    }
}
