public import XCheckModel

/// One check the coordinator hands to an agent (`POST /v1/agent/jobs/poll`).
///
/// The password travels only here, from the coordinator to the agent that runs the login, over the
/// coordinator's TLS endpoint; no result ever carries it back.
public struct AgentJob: Sendable, Hashable, Codable {
    /// What the agent runs.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A `player_api.php` login with the credentials.
        case login
        /// A credential-less HTTP request to `player_api.php` (plus the port checks): for `--private` checks,
        /// where the password stays on the user's machine.
        case reachability
    }

    /// The job's id, chosen by the coordinator.
    public var jobID: String
    public var kind: Kind
    /// The server URL as the user gave it (the agent parses it with ``TargetParser``).
    public var url: String
    public var username: String?
    /// The password, only for `login` jobs.
    public var password: String?
    /// After a network-level failure (DNS, connect, TLS, or no HTTP answer), wait this long and try once
    /// more, sending both attempts: a hiccup must not become "blocked".
    public var confirmAfterMilliseconds: Int?
    /// The job is worthless after this moment (epoch seconds): skip it rather than run it late.
    public var deadline: Int64

    public init(
        jobID: String, kind: Kind, url: String, username: String?, password: String?,
        confirmAfterMilliseconds: Int?, deadline: Int64
    ) {
        self.jobID = jobID
        self.kind = kind
        self.url = url
        self.username = username
        self.password = password
        self.confirmAfterMilliseconds = confirmAfterMilliseconds
        self.deadline = deadline
    }

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case kind, url, username, password
        case confirmAfterMilliseconds = "confirm_after_ms"
        case deadline
    }
}

extension AgentJob: CustomStringConvertible {
    /// Never shows the password.
    public var description: String {
        "AgentJob(\(self.jobID), \(self.kind.rawValue), \(self.url), user: \(self.username ?? "-"))"
    }
}
