import XCheckModel

/// What one HTTP check of one URL (with its redirects) found, before scheme help and port checks.
struct HTTPAttempt: Sendable {
    var outcome: Outcome
    var stage: Stage?
    var detail: String
    var httpStatus: Int?
    var timings = StageTimings()
    var panel: PanelFamily = .unknown
    var panelVersion: String?
    var account: AccountInfo?
    var server: ServerInfo?
    var resolvedAddresses: [String] = []
    var connectedAddress: String?
    var retryAfterSeconds: Int?
    /// True when a server answered HTTP (any status).
    var gotHTTPAnswer = false
    /// True when the TLS handshake failed because the server's certificate was not trusted.
    var certificateRejected = false
}
