/// A snapshot of what a simulator has seen since it started.
public struct SimulatorStats: Sendable, Hashable {
    /// Every HTTP request received (including those answered by a failure mode).
    public var totalRequests: Int
    /// Requests to any path ending in `/player_api.php`.
    public var loginRequests: Int
    /// Requests to `/live/`, `/movie/`, `/series/`, `/timeshift/` paths and the short `/U/P/ID(.ext)` form.
    public var streamRequests: Int
    /// The most requests that were being handled at the same moment (from request head to end of response).
    public var maxConcurrentRequests: Int
    /// Request paths in arrival order, without query strings (the first ``pathLimit`` only).
    public var paths: [String]

    /// At most this many paths are recorded.
    public static let pathLimit = 100_000

    /// Creates a snapshot.
    public init(
        totalRequests: Int = 0,
        loginRequests: Int = 0,
        streamRequests: Int = 0,
        maxConcurrentRequests: Int = 0,
        paths: [String] = []
    ) {
        self.totalRequests = totalRequests
        self.loginRequests = loginRequests
        self.streamRequests = streamRequests
        self.maxConcurrentRequests = maxConcurrentRequests
        self.paths = paths
    }
}
