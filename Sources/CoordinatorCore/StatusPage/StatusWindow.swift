import XCheckModel

/// The time span of a status grid: `bucketCount` equal buckets ending at `end` (exclusive). The default is the
/// last 24 hours in 48 half-hours, aligned to the clock so that the buckets do not shift between two page loads.
struct StatusWindow: Sendable, Hashable {
    /// The end of the last bucket (epoch seconds, exclusive).
    var end: Int64
    var bucketSeconds: Int64
    var bucketCount: Int

    /// The start of the first bucket (epoch seconds).
    var start: Int64 { self.end - self.bucketSeconds * Int64(self.bucketCount) }

    /// `bucketCount` buckets of `bucketSeconds` whose last one holds `now`.
    static func ending(at now: Int64, bucketSeconds: Int64 = 1800, bucketCount: Int = 48) -> StatusWindow {
        precondition(bucketSeconds > 0 && bucketCount > 0)
        let end = (CivilDate.floorDiv(now, bucketSeconds) + 1) * bucketSeconds
        return StatusWindow(end: end, bucketSeconds: bucketSeconds, bucketCount: bucketCount)
    }

    /// The bucket a time falls in; nil outside the window.
    func bucket(of time: Int64) -> Int? {
        guard time >= self.start, time < self.end else { return nil }
        return Int((time - self.start) / self.bucketSeconds)
    }

    /// When a bucket starts (epoch seconds); `bucketCount` gives the end of the window.
    func bucketStart(_ index: Int) -> Int64 {
        self.start + Int64(index) * self.bucketSeconds
    }

}
