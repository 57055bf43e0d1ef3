import XCheckModel

extension AgentMetrics.Snapshot {
    /// The Prometheus text exposition format (version 0.0.4) of these values.
    public func prometheusText(version: String = AgentVersion.current) -> String {
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        func sample(_ name: String, _ value: Int) {
            out += "\(name) \(value)\n"
        }
        func sample(_ name: String, _ labels: [(String, String)], _ value: Int) {
            let text = labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",")
            out += "\(name){\(text)} \(value)\n"
        }

        family("xcheck_agent_info", "gauge", "The agent's version.")
        sample("xcheck_agent_info", [("version", version)], 1)

        family("xcheck_agent_checks_total", "counter", "Checks finished, by outcome (confirmation attempts included).")
        var outcomes = self.checksByOutcome
        for outcome in Outcome.allCases where outcomes[outcome.rawValue] == nil { outcomes[outcome.rawValue] = 0 }
        for (outcome, count) in outcomes.sorted(by: { $0.key < $1.key }) {
            sample("xcheck_agent_checks_total", [("outcome", outcome)], count)
        }

        family("xcheck_agent_confirmations_total", "counter", "Confirmation attempts after a network-level failure.")
        sample("xcheck_agent_confirmations_total", self.confirmations)

        family("xcheck_agent_jobs_received_total", "counter", "Jobs received from the coordinator.")
        sample("xcheck_agent_jobs_received_total", self.jobsReceived)

        family("xcheck_agent_jobs_skipped_total", "counter", "Jobs not run, by reason.")
        var skipped = self.jobsSkipped
        for reason in ["deadline", "invalid", "cancelled"] where skipped[reason] == nil { skipped[reason] = 0 }
        for (reason, count) in skipped.sorted(by: { $0.key < $1.key }) {
            sample("xcheck_agent_jobs_skipped_total", [("reason", reason)], count)
        }

        family("xcheck_agent_checks_in_flight", "gauge", "Checks running now.")
        sample("xcheck_agent_checks_in_flight", self.inFlight)
        family("xcheck_agent_max_concurrency", "gauge", "The most checks run at once.")
        sample("xcheck_agent_max_concurrency", self.maxConcurrency)

        family("xcheck_agent_spool_depth", "gauge", "Results in the spool waiting for the coordinator's acknowledgement.")
        sample("xcheck_agent_spool_depth", self.spool.depth)
        family("xcheck_agent_spool_bytes", "gauge", "Size of the spool file.")
        sample("xcheck_agent_spool_bytes", self.spool.fileBytes)
        family("xcheck_agent_spool_dropped_total", "counter", "Results dropped because the spool was full.")
        sample("xcheck_agent_spool_dropped_total", self.spool.dropped)
        family("xcheck_agent_spool_rejected_total", "counter", "Results the coordinator refused as invalid.")
        sample("xcheck_agent_spool_rejected_total", self.spool.rejected)
        family("xcheck_agent_spool_corrupt_records_total", "counter", "Damaged or torn spool records skipped.")
        sample("xcheck_agent_spool_corrupt_records_total", self.spool.corruptRecords + self.spool.tornRecords)
        family("xcheck_agent_spool_memory_only", "gauge", "Results held in memory because writing them to the spool failed.")
        sample("xcheck_agent_spool_memory_only", self.spool.memoryOnly)

        family("xcheck_agent_results_acknowledged_total", "counter", "Results the coordinator acknowledged.")
        sample("xcheck_agent_results_acknowledged_total", self.resultsAcknowledged)

        family("xcheck_agent_coordinator_errors_total", "counter", "Failed coordinator calls, by endpoint and error.")
        for (key, count) in self.coordinatorErrors.sorted(by: { ($0.key.endpoint, $0.key.code) < ($1.key.endpoint, $1.key.code) }) {
            sample("xcheck_agent_coordinator_errors_total", [("endpoint", key.endpoint), ("error", key.code)], count)
        }

        family("xcheck_agent_targets_refused_total", "counter", "Connections the SSRF guard refused.")
        sample("xcheck_agent_targets_refused_total", self.targetsRefused)
        return out
    }

    /// Escapes a label value (backslash, double quote, newline).
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
