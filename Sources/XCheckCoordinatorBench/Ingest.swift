import ArgumentParser
import Curl
import FoundationEssentials
import XCheckModel
import XCheckProtocol
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The rows of the ingest benchmark: result `i` belongs to agent `i / (results / agents)`.
struct IngestPlan {
    let agents: [AgentCredential]
    let options: IngestRowOptions
    let newest: Int64

    init(options: IngestRowOptions) throws {
        self.options = options
        self.agents = try AgentCredential.load(options.agentsFile)
        guard options.results % self.agents.count == 0 else {
            throw BenchError("--results (\(options.results)) must be a multiple of the number of agents (\(self.agents.count))")
        }
        self.newest = options.startedAt ?? Int64(Date().timeIntervalSince1970)
    }

    var perAgent: Int { self.options.results / self.agents.count }

    func agentIndex(of row: Int) -> Int { row / self.perAgent }

    func item(_ row: Int) -> AgentResult {
        let started = self.newest - Int64(row % 3600)
        let result = BenchDocuments.result(
            index: row, startedAt: started, host: "panel-\(row % 1000).example.com", username: "user\(row % 5000)")
        return AgentResult(
            resultID: BenchDocuments.uuid(seed: self.options.seed, kind: 1, index: row),
            jobID: BenchDocuments.uuid(seed: self.options.seed, kind: 2, index: row),
            result: result, confirmation: nil)
    }

    /// The request bodies of one agent, encoded before the clock starts (an agent has its batches ready).
    func bodies(agent: Int) throws -> [[UInt8]] {
        let first = agent * self.perAgent
        return try stride(from: first, to: first + self.perAgent, by: self.options.batch).map { start in
            let end = min(start + self.options.batch, first + self.perAgent)
            return try BenchHTTP.encode(AgentResultBatch(results: (start..<end).map(self.item)))
        }
    }
}

extension XCheckCoordinatorBench {
    /// `ingest`: simulated agents post result batches concurrently, each one batch at a time, like agents
    /// emptying their spools.
    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "N agents post batches of results concurrently; prints results/s.")

        @OptionGroup var coordinator: CoordinatorOptions
        @OptionGroup var rows: IngestRowOptions

        @Option(help: "The coordinator's PID, to report its CPU time.")
        var coordinatorPid: Int32?

        func run() async throws {
            let plan = try IngestPlan(options: self.rows)
            let bodies = try (0..<plan.agents.count).map { try plan.bodies(agent: $0) }
            let bytes = bodies.joined().reduce(0) { $0 + $1.count }
            let driver = try CurlDriver.start()
            let http = BenchHTTP(driver: driver, base: self.coordinator.url)
            let cpuBefore = self.coordinatorPid.flatMap { ProcessCPU.seconds(pid: $0) }
            let ownBefore = ProcessCPU.own()
            let start = ContinuousClock.now
            let outcome: Result<(accepted: Int, duplicates: Int, latencies: [Double]), any Error>
            do {
                let value = try await withThrowingTaskGroup(of: (Int, Int, [Double]).self) { group in
                    for (index, agent) in plan.agents.enumerated() {
                        let mine = bodies[index]
                        group.addTask {
                            var accepted = 0
                            var duplicates = 0
                            var latencies: [Double] = []
                            for body in mine {
                                let answer = try await http.post("/v1/agent/results", token: agent.token, body: body)
                                try BenchHTTP.expectOK(answer, "POST /v1/agent/results")
                                let ack = try BenchHTTP.decode(AgentResultAck.self, answer.body)
                                accepted += ack.accepted.count
                                duplicates += ack.duplicates.count
                                latencies.append(answer.seconds)
                            }
                            return (accepted, duplicates, latencies)
                        }
                    }
                    var total = (accepted: 0, duplicates: 0, latencies: [Double]())
                    for try await (a, d, l) in group {
                        total.accepted += a
                        total.duplicates += d
                        total.latencies += l
                    }
                    return total
                }
                outcome = .success(value)
            } catch {
                outcome = .failure(error)
            }
            let wall = BenchHTTP.seconds(ContinuousClock.now - start)
            let ownCPU = ProcessCPU.own() - ownBefore
            let cpuAfter = self.coordinatorPid.flatMap { ProcessCPU.seconds(pid: $0) }
            await driver.shutdown()
            let total = try outcome.get()
            guard total.accepted == self.rows.results, total.duplicates == 0 else {
                throw BenchError("the coordinator accepted \(total.accepted) and called \(total.duplicates) duplicates of \(self.rows.results) results (was the table emptied?)")
            }
            var line = "ingest results=\(self.rows.results) agents=\(plan.agents.count) batch=\(self.rows.batch)"
            line += " batches=\(bodies.joined().count) body_bytes_per_result=\(bytes / self.rows.results)"
            line += " wall_s=\(Fmt.fixed(wall, 3)) results_per_s=\(Fmt.fixed(Double(self.rows.results) / wall, 0))"
            line += " \(Percentiles(total.latencies).fields("batch"))"
            line += " client_cpu_s=\(Fmt.fixed(ownCPU, 2))"
            if let before = cpuBefore, let after = cpuAfter {
                line += " coordinator_cpu_s=\(Fmt.fixed(after - before, 2))"
            }
            print(line)
        }
    }

    /// `copy-rows`: writes the rows `ingest` posts (same seed, same agents) as COPY text for
    /// `\copy results(result_id, started_at, agent_id, job_id, outcome, stage, total_ms, document) FROM file`.
    struct CopyRows: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the ingest benchmark's rows in COPY text format.")

        @OptionGroup var rows: IngestRowOptions

        @Option(help: "The file to write.")
        var out: String

        static let columns = "result_id, started_at, agent_id, job_id, outcome, stage, total_ms, document"

        func run() async throws {
            let plan = try IngestPlan(options: self.rows)
            guard let file = fopen(self.out, "w") else { throw BenchError("cannot write \(self.out)") }
            defer { fclose(file) }
            // The coordinator stores the document as its own JSONEncoder writes it (then PostgreSQL parses it
            // into jsonb); so does this.
            let encoder = JSONEncoder()
            var written = 0
            for row in 0..<self.rows.results {
                let item = plan.item(row)
                let document = String(decoding: try encoder.encode(item.result), as: UTF8.self)
                let fields: [String] = [
                    item.resultID,
                    BenchDocuments.timestamp(item.result.startedAt),
                    String(plan.agents[plan.agentIndex(of: row)].id),
                    item.jobID,
                    item.result.outcome.rawValue,
                    item.result.stage?.rawValue ?? "\\N",
                    item.result.timings.total.map { String($0) } ?? "\\N",
                    Self.escape(document),
                ]
                var line = fields.joined(separator: "\t")
                line.append("\n")
                written += line.utf8.count
                guard fputs(line, file) >= 0 else { throw BenchError("cannot write \(self.out)") }
            }
            print("copy-rows rows=\(self.rows.results) bytes=\(written) columns=\"\(Self.columns)\"")
        }

        /// COPY text format: backslash, tab, newline and carriage return are escaped.
        static func escape(_ text: String) -> String {
            var out = ""
            out.reserveCapacity(text.utf8.count + 16)
            for c in text.unicodeScalars {
                switch c {
                case "\\": out += "\\\\"
                case "\t": out += "\\t"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                default: out.unicodeScalars.append(c)
                }
            }
            return out
        }
    }

    /// `sample-document`: prints one realistic result document (what the benchmark's agents send).
    struct SampleDocument: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one benchmark result document and its size.")

        @Option(help: "Index (0: a successful login).") var index: Int = 0

        func run() async throws {
            let result = BenchDocuments.result(
                index: self.index, startedAt: Int64(Date().timeIntervalSince1970), host: "panel-1.example.com", username: "user1")
            let bytes = try JSONEncoder().encode(result)
            print(String(decoding: bytes, as: UTF8.self))
            print("bytes=\(bytes.count)")
        }
    }
}
