public import XCheckModel
public import XCheckProbe
public import XCheckProtocol

/// Runs one coordinator job on the shared probe engine: the deadline check, the target, the check, and the
/// confirmation attempt after a network-level failure.
public struct JobRunner: Sendable {
    /// The engine every job shares (its politeness gate spaces checks per host across all jobs).
    public let engine: ProbeEngine
    /// The clock deadlines are judged on (the coordinator's, estimated from heartbeats).
    public let now: @Sendable () -> Int64
    /// The longest wait before a confirmation attempt, whatever the job asks.
    public var maxConfirmationDelay: Duration = .seconds(60)

    /// - Parameters:
    ///   - engine: the probe engine.
    ///   - now: epoch seconds on the coordinator's clock (default: this machine's clock).
    public init(engine: ProbeEngine, now: (@Sendable () -> Int64)? = nil) {
        self.engine = engine
        self.now = now ?? { WallClock.now() }
    }

    /// Runs a job.
    ///
    /// A job whose deadline has passed is skipped without contacting the target. After a network-level
    /// failure (see ``needsConfirmation(_:)``), a job with `confirm_after_ms` waits that long and checks once
    /// more; if the task is cancelled during that wait, the first result is still returned.
    /// - Throws: `CancellationError` when cancelled before the first check finished.
    public func run(_ job: AgentJob) async throws -> JobRun {
        let now = self.now()
        guard now < job.deadline else { return .skippedPastDeadline(deadline: job.deadline, now: now) }
        let input: ParsedInput
        do {
            input = try Self.input(for: job)
        } catch {
            return .invalid(reason: error.message)
        }
        let first = try await self.engine.probe(input)
        guard let delay = job.confirmAfterMilliseconds, delay >= 0, Self.needsConfirmation(first) else {
            return .finished(JobOutput(first: first))
        }
        do {
            try await Task.sleep(for: min(.milliseconds(delay), self.maxConfirmationDelay))
            let second = try await self.engine.probe(input)
            return .finished(JobOutput(first: first, confirmation: second))
        } catch {
            return .finished(JobOutput(first: first, confirmationAbandoned: true))
        }
    }

    /// True when a result is a network-level failure that deserves a second look: decided at the dns,
    /// connect or tls stage, or at the http stage without any HTTP answer. A refused target
    /// (`target_forbidden`) and a host the engine did not contact because it is backing off (`rate_limited`)
    /// are not network failures.
    public static func needsConfirmation(_ result: ProbeResult) -> Bool {
        if result.outcome == .targetForbidden || result.outcome == .rateLimited || result.outcome.isHealthy {
            return false
        }
        switch result.stage {
        case .dns, .connect, .tls:
            return true
        case .http:
            return result.httpStatus == nil
        case .login, nil:
            return false
        }
    }

    /// The target of a job: a login with the job's credentials, or a reachability check without any (even
    /// when the URL carries some: the user chose to keep the password on their machine).
    public static func input(for job: AgentJob) throws(InputError) -> ParsedInput {
        switch job.kind {
        case .login:
            let input = try TargetParser.parse(url: job.url, username: job.username, password: job.password)
            guard input.target.hasCredentials else {
                throw InputError("a login job needs a username and a password")
            }
            return input
        case .reachability:
            var input = try TargetParser.parse(url: job.url)
            input.target.username = nil
            input.target.password = nil
            return input
        }
    }
}
