#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import XCheckModel
import XCheckProtocol

extension XCheck {
    /// `xcheck history <target>`: a target's results, oldest first, page after page.
    struct HistoryCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "history", abstract: "Show a monitored target's results.")

        @Argument(help: "The target's id.") var target: Int64
        @Option(help: "Only results since this many hours ago.") var hours: Int = 24
        @Option(help: "At most this many results.") var limit: Int = 200
        @OptionGroup var coordinator: CoordinatorOptions
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard (1...8760).contains(self.hours) else { throw ValidationError("--hours must be 1 to 8760") }
            guard (1...100_000).contains(self.limit) else { throw ValidationError("--limit must be 1 to 100000") }
        }

        func run() async throws {
            let since = Int64(EpochNow.seconds()) - Int64(self.hours) * 3600
            let entries = try await RemoteCommand.with(self.coordinator) { client -> [HistoryPage.Entry] in
                var all: [HistoryPage.Entry] = []
                var after: String?
                repeat {
                    var path = "/v1/targets/\(self.target)/history?since=\(since)&limit=\(min(1000, self.limit - all.count))"
                    if let after { path += "&after=\(URLEncoding.percentEncode(after))" }
                    let page = try await client.get(path, as: HistoryPage.self)
                    all += page.results
                    after = page.next
                } while after != nil && all.count < self.limit
                return all
            }
            if self.json {
                print(try JSONOutput.encode(HistoryPage(results: entries, next: nil)))
                return
            }
            let rows = entries.map { e in
                [CivilDateText.dateTime(e.startedAt), e.agent.name, e.agent.region, e.result.outcome.rawValue,
                 e.result.stage?.rawValue ?? "-", e.result.timings.total.map { "\(Int($0.rounded())) ms" } ?? "-"]
            }
            print(VerdictFormatter.table(["TIME", "AGENT", "REGION", "OUTCOME", "STAGE", "TOTAL"], rows), terminator: "")
        }
    }
}

/// The wall clock in epoch seconds.
enum EpochNow {
    static func seconds() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return ts.tv_sec
    }
}
