/// Calendar arithmetic for UTC epoch seconds, without Foundation (Howard Hinnant's days-from-civil algorithm).
public enum CivilDate {
    /// "YYYY-MM-DD" for an epoch second, in UTC.
    public static func dateString(epochSeconds: Int64) -> String {
        let (y, m, d) = self.civil(days: Self.floorDiv(epochSeconds, 86_400))
        return "\(Self.pad(y, 4))-\(Self.pad(m, 2))-\(Self.pad(d, 2))"
    }

    /// "YYYY-MM-DDTHH:MM:SSZ" (ISO 8601, UTC) for an epoch second.
    public static func iso8601String(epochSeconds: Int64) -> String {
        let seconds = epochSeconds - Self.floorDiv(epochSeconds, 86_400) * 86_400
        return "\(self.dateString(epochSeconds: epochSeconds))T\(Self.pad(seconds / 3600, 2)):\(Self.pad(seconds % 3600 / 60, 2)):\(Self.pad(seconds % 60, 2))Z"
    }

    /// "YYYY-MM-DD HH:MM UTC" for an epoch second.
    public static func dateTimeString(epochSeconds: Int64) -> String {
        let seconds = epochSeconds - Self.floorDiv(epochSeconds, 86_400) * 86_400
        return "\(self.dateString(epochSeconds: epochSeconds)) \(Self.pad(seconds / 3600, 2)):\(Self.pad(seconds % 3600 / 60, 2)) UTC"
    }

    static func civil(days z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = Self.floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// `a / b` rounded toward minus infinity (`b` > 0): the day of a negative epoch second, a time bucket.
    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
