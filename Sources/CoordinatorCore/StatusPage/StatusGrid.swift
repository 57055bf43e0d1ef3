import XCheckModel
import XCheckProtocol
import XCheckVerdict

/// A target's region-by-time grid: for every bucket of a ``StatusWindow``, the verdict of each agent's latest
/// result in that bucket, decided by the verdict engine (the same rules as the target's current verdict), per
/// region and overall. A bucket without any result has no verdict (shown grey, "no data"). Pure.
struct StatusGrid: Sendable {
    /// One agent's result in one bucket.
    struct Sample: Sendable {
        var bucket: Int
        var agent: CheckDocument.AgentRef
        var result: ProbeResult
        var confirmation: ProbeResult?
    }

    /// One region's line: a verdict per bucket, nil for no data.
    struct Row: Sendable, Hashable {
        var region: String
        var cells: [RegionVerdict?]
    }

    var window: StatusWindow
    /// The overall verdict per bucket, nil for no data.
    var overall: [OverallVerdict?]
    /// One row per region, sorted by region name.
    var rows: [Row]

    /// Builds the grid. Samples outside the window are ignored; of several samples of one agent in one bucket,
    /// the latest (by the result's start time) counts. `regions` adds rows that have no sample (e.g. regions
    /// whose agents never answered), so every region the target is watched from has a line.
    static func build(window: StatusWindow, samples: [Sample], regions: [String] = []) -> StatusGrid {
        var perBucket = [[String: Sample]](repeating: [:], count: window.bucketCount)
        for sample in samples where (0..<window.bucketCount).contains(sample.bucket) {
            if let existing = perBucket[sample.bucket][sample.agent.name], existing.result.startedAt > sample.result.startedAt {
                continue
            }
            perBucket[sample.bucket][sample.agent.name] = sample
        }
        var overall = [OverallVerdict?](repeating: nil, count: window.bucketCount)
        var cells: [String: [RegionVerdict?]] = [:]
        for region in regions { cells[region] = [RegionVerdict?](repeating: nil, count: window.bucketCount) }
        for (bucket, agents) in perBucket.enumerated() where !agents.isEmpty {
            let vantages = agents.values.sorted { $0.agent.name < $1.agent.name }.map {
                CheckDocument.VantageResult(agent: $0.agent, result: $0.result, confirmation: $0.confirmation, receivedAt: nil)
            }
            let verdict = CheckDocument.verdict(vantages: vantages, missing: [])
            overall[bucket] = verdict.verdict
            for report in verdict.regions {
                cells[report.region, default: [RegionVerdict?](repeating: nil, count: window.bucketCount)][bucket] = report.verdict
            }
        }
        let rows = cells.keys.sorted().map { Row(region: $0, cells: cells[$0]!) }
        return StatusGrid(window: window, overall: overall, rows: rows)
    }

    /// When the overall verdict last became `current`: the start of the first bucket with data after the latest
    /// bucket whose verdict differs (or the end of that bucket when no later bucket has data). Nil when no
    /// bucket in the window differs: no change in the window.
    func lastChange(current: OverallVerdict) -> Int64? {
        var laterWithData: Int?
        for bucket in stride(from: self.overall.count - 1, through: 0, by: -1) {
            guard let verdict = self.overall[bucket] else { continue }
            if verdict != current {
                return self.window.bucketStart(laterWithData ?? bucket + 1)
            }
            laterWithData = bucket
        }
        return nil
    }
}
