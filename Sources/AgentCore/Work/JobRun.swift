public import XCheckModel

/// What running one job produced.
public enum JobRun: Sendable {
    /// The check ran: its result, and the confirmation attempt when one was made.
    case finished(JobOutput)
    /// The job's deadline passed before it could start; nothing was sent to the target.
    case skippedPastDeadline(deadline: Int64, now: Int64)
    /// The job's target cannot be checked (the coordinator sent a URL or credentials that do not parse).
    case invalid(reason: String)
}

/// The results of a job that ran.
public struct JobOutput: Sendable {
    /// The first attempt.
    public var first: ProbeResult
    /// The second attempt, made after a network-level failure when the job asked for it.
    public var confirmation: ProbeResult?
    /// True when a confirmation was due but abandoned (the agent was shutting down).
    public var confirmationAbandoned: Bool

    public init(first: ProbeResult, confirmation: ProbeResult? = nil, confirmationAbandoned: Bool = false) {
        self.first = first
        self.confirmation = confirmation
        self.confirmationAbandoned = confirmationAbandoned
    }
}
