import ArgumentParser
import Curl
import FoundationEssentials
import XCheckProtocol

extension XCheckCoordinatorBench {
    /// `reads`: one request at a time, for random targets, of the verdict and of history pages; prints the
    /// latency percentiles of each endpoint.
    struct Reads: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Latency of GET /v1/targets/{id}, /verdict and /history for random targets.")

        @OptionGroup var coordinator: CoordinatorOptions

        @Option(help: "A file holding an API token with the read scope (mode 0600).")
        var tokenFile: String

        @Option(help: "The first target id to pick from.") var firstTarget: Int64
        @Option(help: "The last target id to pick from.") var lastTarget: Int64
        @Option(help: "Requests measured per endpoint.") var count: Int = 500
        @Option(help: "Requests per endpoint before the measured ones, not counted.") var warmup: Int = 20
        @Option(help: "Hours back of each history variant ('since'), comma-separated.") var historyHours: String = "24,168"
        @Option(help: "Entries per history page.") var limit: Int = 100
        @Option(help: "Seed of the target choice.") var seed: UInt64 = 7

        func validate() throws {
            guard self.firstTarget > 0, self.lastTarget >= self.firstTarget else { throw ValidationError("bad target range") }
            guard (1...100_000).contains(self.count), (0...10_000).contains(self.warmup) else { throw ValidationError("--count must be 1...100000") }
            guard (1...1000).contains(self.limit) else { throw ValidationError("--limit must be 1...1000") }
        }

        struct Endpoint {
            var name: String
            var path: (Int64, Int64) -> String
            var check: ([UInt8]) throws -> Int
        }

        struct VerdictAnswer: Decodable { var targetID: Int64; enum CodingKeys: String, CodingKey { case targetID = "target_id" } }

        func run() async throws {
            let token = try SecretFile.token(self.tokenFile)
            let hours = self.historyHours.split(separator: ",").compactMap { Int64($0) }
            guard !hours.isEmpty else { throw ValidationError("--history-hours lists no number") }
            let limit = self.limit
            var endpoints = [
                // The baseline: token check plus one primary-key read of the target, no result rows.
                Endpoint(
                    name: "target", path: { id, _ in "/v1/targets/\(id)" },
                    check: { body in _ = try BenchHTTP.decode(TargetDocument.self, body); return 0 }),
                Endpoint(
                    name: "verdict", path: { id, _ in "/v1/targets/\(id)/verdict" },
                    check: { body in _ = try BenchHTTP.decode(VerdictAnswer.self, body); return 0 }),
            ]
            for h in hours {
                endpoints.append(Endpoint(
                    name: "history_\(h)h", path: { id, now in "/v1/targets/\(id)/history?since=\(now - h * 3600)&limit=\(limit)" },
                    check: { body in
                        let page = try BenchHTTP.decode(HistoryPage.self, body)
                        guard page.results.count == limit else { throw BenchError("a history page held \(page.results.count) entries, not \(limit)") }
                        return page.results.count
                    }))
            }
            let driver = try CurlDriver.start()
            let http = BenchHTTP(driver: driver, base: self.coordinator.url)
            var random = SplitMix64(seed: self.seed)
            var latencies = Array(repeating: [Double](), count: endpoints.count)
            var bytes = Array(repeating: 0, count: endpoints.count)
            let outcome: Result<Void, any Error>
            do {
                // Endpoints take turns, so noise on the machine spreads over all of them alike.
                for round in 0..<(self.warmup + self.count) {
                    for (index, endpoint) in endpoints.enumerated() {
                        let id = Int64.random(in: self.firstTarget...self.lastTarget, using: &random)
                        let now = Int64(Date().timeIntervalSince1970)
                        let answer = try await http.get(endpoint.path(id, now), token: token)
                        try BenchHTTP.expectOK(answer, "GET \(endpoint.name)")
                        _ = try endpoint.check(answer.body)
                        if round >= self.warmup {
                            latencies[index].append(answer.seconds)
                            bytes[index] += answer.body.count
                        }
                    }
                }
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            await driver.shutdown()
            try outcome.get()
            for (index, endpoint) in endpoints.enumerated() {
                print("reads endpoint=\(endpoint.name) requests=\(latencies[index].count) \(Percentiles(latencies[index]).fields("latency")) mean_body_bytes=\(bytes[index] / max(1, latencies[index].count))")
            }
        }
    }
}
