@testable import AgentCore
import XCheckModel
import XCheckProtocol

/// Results and jobs for tests.
enum Fixtures {
    /// A result for job `job-<n>`; `padding` characters make its record larger.
    static func result(_ n: Int, padding: Int = 0) -> AgentResult {
        let probe = ProbeResult(
            target: TargetSummary(
                url: "http://panel\(n).example:8080", scheme: .http, host: "panel\(n).example", port: 8080,
                username: "user\(n)"
            ),
            kind: .login,
            outcome: .ok,
            stage: nil,
            detail: "check \(n)" + String(repeating: "x", count: padding),
            httpStatus: 200,
            timings: StageTimings(dns: 1.5, connect: 2.25, tls: nil, firstByte: 10.125, total: 14),
            panel: .xtreamCodes,
            resolvedAddresses: ["203.0.113.\(n % 250)"],
            connectedAddress: "203.0.113.\(n % 250)",
            advice: ["fine"],
            startedAt: 1_795_918_380 + Int64(n)
        )
        return AgentResult(resultID: ResultID.random(), jobID: "job-\(n)", result: probe, confirmation: nil)
    }

    /// A login job for `url` with a deadline in the future.
    static func job(
        _ id: String, url: String, username: String? = "active", password: String? = "secret",
        kind: AgentJob.Kind = .login, confirmAfterMilliseconds: Int? = nil, deadline: Int64? = nil
    ) -> AgentJob {
        AgentJob(
            jobID: id, kind: kind, url: url, username: username, password: password,
            confirmAfterMilliseconds: confirmAfterMilliseconds, deadline: deadline ?? (WallClock.now() + 300)
        )
    }
}
