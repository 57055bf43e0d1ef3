import FoundationEssentials
import Logging
import ServiceLifecycle
import XCheckModel
import XCheckProtocol

/// The agent's work loop (a `Service`): polls the coordinator for as many jobs as it has free slots, runs
/// each on the shared engine with bounded concurrency, and spools every finished result before the reporter
/// sends it. On graceful shutdown it stops taking jobs, lets the checks in flight finish within the
/// shutdown deadline, then cancels the rest.
final class WorkLoop: Service {
    struct Settings: Sendable {
        var pollWaitSeconds: Int
        var retry: RetryPolicy
        var shutdownDeadline: Duration
    }

    private let client: CoordinatorClient
    private let runner: JobRunner
    private let spool: Spool
    private let tracker: InFlightTracker
    private let status: CoordinatorStatus
    private let metrics: AgentMetrics
    private let resultsWaiting: Doorbell
    private let settings: Settings
    private let logger: Logger
    /// This process's session id, sent with every poll (see `AgentPollRequest.session`).
    private let session = UUID().uuidString

    init(
        client: CoordinatorClient, runner: JobRunner, spool: Spool, tracker: InFlightTracker,
        status: CoordinatorStatus, metrics: AgentMetrics, resultsWaiting: Doorbell, settings: Settings, logger: Logger
    ) {
        self.client = client
        self.runner = runner
        self.spool = spool
        self.tracker = tracker
        self.status = status
        self.metrics = metrics
        self.resultsWaiting = resultsWaiting
        self.settings = settings
        self.logger = logger
    }

    func run() async throws {
        var fatal: CoordinatorError?
        // Jobs answered by an earlier run and still in the spool: the first poll names them, so the coordinator
        // does not hand them out again to this new session.
        var spooledJobs: [String]? = ((try? await self.spool.pending(limit: 1_000)) ?? []).map(\.jobID)
        await withDiscardingTaskGroup { jobs in
            var failures = 0
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                do {
                    try await cancelWhenGracefulShutdown { try await self.tracker.waitForFreeSlot() }
                } catch {
                    break
                }
                let free = min(self.tracker.free, 100)
                guard free > 0 else { continue }
                let answer: AgentPollResponse
                do {
                    let request = AgentPollRequest(
                        maxJobs: free, waitSeconds: self.settings.pollWaitSeconds, session: self.session,
                        spooledJobs: spooledJobs)
                    answer = try await cancelWhenGracefulShutdown { try await self.client.poll(request) }
                    spooledJobs = nil
                    self.status.succeeded(CoordinatorClient.pollPath)
                    failures = 0
                } catch let error as CoordinatorError {
                    self.status.failed(CoordinatorClient.pollPath, error)
                    if error.isFatal {
                        fatal = error
                        break
                    }
                    failures += 1
                    let delay = self.settings.retry.delay(attempt: failures)
                    do {
                        try await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
                    } catch {
                        break
                    }
                    continue
                } catch {
                    break  // cancelled by the graceful shutdown
                }
                guard !answer.jobs.isEmpty else { continue }
                if answer.jobs.count > free {
                    self.logger.warning(
                        "the coordinator sent more jobs than asked for; running them all",
                        metadata: ["asked": "\(free)", "received": "\(answer.jobs.count)"]
                    )
                }
                self.metrics.recordJobsReceived(answer.jobs.count)
                for job in answer.jobs {
                    self.tracker.begin()
                    jobs.addTask {
                        await self.process(job)
                        self.tracker.end()
                    }
                }
            }
            let running = self.tracker.inFlight
            guard running > 0 else { return }
            self.logger.notice(
                "stopped taking jobs; waiting for the checks in flight",
                metadata: ["in_flight": "\(running)", "deadline_seconds": "\(self.settings.shutdownDeadline.components.seconds)"]
            )
            if await self.tracker.waitUntilIdle(timeout: self.settings.shutdownDeadline) { return }
            self.logger.warning(
                "shutdown deadline reached; cancelling the checks still running (their jobs get no result from this agent)",
                metadata: ["in_flight": "\(self.tracker.inFlight)"]
            )
            jobs.cancelAll()
        }
        if let fatal { throw fatal }
    }

    /// Runs one job and spools its result.
    func process(_ job: AgentJob) async {
        var logger = self.logger
        logger[metadataKey: "job_id"] = "\(job.jobID)"
        let run: JobRun
        do {
            run = try await self.runner.run(job)
        } catch {
            self.metrics.recordSkipped(reason: "cancelled")
            logger.notice("check abandoned: the agent is shutting down")
            return
        }
        switch run {
        case .skippedPastDeadline(let deadline, let now):
            self.metrics.recordSkipped(reason: "deadline")
            logger.notice(
                "job skipped: its deadline passed before it could start",
                metadata: ["deadline": "\(deadline)", "late_seconds": "\(now - deadline)"]
            )
        case .invalid(let reason):
            self.metrics.recordSkipped(reason: "invalid")
            logger.error("job refused: its target cannot be checked", metadata: ["reason": "\(reason)"])
        case .finished(let output):
            self.metrics.recordCheck(outcome: output.first.outcome.rawValue)
            if let confirmation = output.confirmation {
                self.metrics.recordCheck(outcome: confirmation.outcome.rawValue, confirmation: true)
            }
            let result = AgentResult(
                resultID: ResultID.random(), jobID: job.jobID, result: output.first, confirmation: output.confirmation
            )
            do {
                try await self.spool.append(result)
            } catch {
                logger.critical(
                    "a finished result could not be spooled and is lost", metadata: ["error": "\(error)"]
                )
                return
            }
            self.resultsWaiting.ring()
            var metadata: Logger.Metadata = [
                "result_id": "\(result.resultID)",
                "target": "\(output.first.target.url)",
                "outcome": "\(output.first.outcome.rawValue)",
            ]
            if let confirmation = output.confirmation { metadata["confirmation"] = "\(confirmation.outcome.rawValue)" }
            if output.confirmationAbandoned { metadata["confirmation"] = "abandoned" }
            logger.info("check finished", metadata: metadata)
        }
    }
}
