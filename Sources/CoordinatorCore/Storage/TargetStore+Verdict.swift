import XCheckProtocol
import XCheckVerdict

extension TargetStore {
    /// A target's current verdict and the results behind it.
    struct CurrentVerdict: Sendable {
        var verdict: Verdict
        /// The result ids the verdict used, sorted: the same results give the same evidence.
        var evidence: [String]
    }

    /// The window a target's verdict looks back over by default: three of its intervals.
    static func defaultVerdictWindow(intervalSeconds: Int) -> Int { intervalSeconds * 3 }

    /// The verdict of each agent's latest result for the target within the window, with the live agents in its
    /// regions that sent none as missing: what `GET /v1/targets/{id}/verdict` answers and alerts compare.
    func currentVerdict(id: Int64, windowSeconds: Int, offlineAfterSeconds: Int) async throws -> CurrentVerdict {
        let latest = try await self.latestPerAgent(id: id, withinSeconds: windowSeconds)
        let vantages = latest.map { CheckDocument.VantageResult(agent: $0.agent, result: $0.result, confirmation: $0.confirmation, receivedAt: nil) }
        let missing = try await self.agentsWithoutResult(id: id, withinSeconds: windowSeconds, offlineAfterSeconds: offlineAfterSeconds)
        return CurrentVerdict(verdict: CheckDocument.verdict(vantages: vantages, missing: missing), evidence: latest.map(\.resultID).sorted())
    }
}
