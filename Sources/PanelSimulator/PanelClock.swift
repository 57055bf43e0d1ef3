/// Calendar arithmetic for the panel's `time_now` (Europe/London) and HTTP `Date` headers (GMT), without Foundation.
enum PanelClock {
    /// The timezone every simulated panel reports.
    static let timezone = "Europe/London"

    private static let secondsPerDay: Int64 = 86_400

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date for days since 1970-01-01 (`civil_from_days`).
    static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 0 = Sunday … 6 = Saturday.
    static func weekday(days: Int64) -> Int64 {
        let value = (days + 4) % 7
        return value >= 0 ? value : value + 7
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// Epoch second of the last Sunday of `month` in `year` at 01:00 UTC (when UK summer time starts/ends).
    private static func lastSundayOneAM(year: Int64, month: Int64, lastDay: Int64) -> Int64 {
        let lastDays = days(year: year, month: month, day: lastDay)
        let sunday = lastDays - weekday(days: lastDays)
        return sunday * secondsPerDay + 3_600
    }

    /// Europe/London's offset from UTC at `epoch`: 3600 during British Summer Time, else 0.
    static func londonOffset(epoch: Int64) -> Int64 {
        let year = civil(days: floorDiv(epoch, secondsPerDay)).year
        let start = lastSundayOneAM(year: year, month: 3, lastDay: 31)
        let end = lastSundayOneAM(year: year, month: 10, lastDay: 31)
        return epoch >= start && epoch < end ? 3_600 : 0
    }

    private static func twoDigits(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func parts(epoch: Int64) -> (year: Int64, month: Int64, day: Int64, time: String, days: Int64) {
        let days = floorDiv(epoch, secondsPerDay)
        let secondOfDay = epoch - days * secondsPerDay
        let date = civil(days: days)
        let time = "\(twoDigits(secondOfDay / 3_600)):\(twoDigits(secondOfDay % 3_600 / 60)):\(twoDigits(secondOfDay % 60))"
        return (date.year, date.month, date.day, time, days)
    }

    /// `YYYY-MM-DD HH:MM:SS` in Europe/London, as panels print `time_now`.
    static func panelTime(epoch: Int64) -> String {
        let p = parts(epoch: epoch + londonOffset(epoch: epoch))
        return "\(p.year)-\(twoDigits(p.month))-\(twoDigits(p.day)) \(p.time)"
    }

    private static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// RFC 9110 IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate(epoch: Int64) -> String {
        let p = parts(epoch: epoch)
        let weekdayName = weekdayNames[Int(weekday(days: p.days))]
        return "\(weekdayName), \(twoDigits(p.day)) \(monthNames[Int(p.month - 1)]) \(p.year) \(p.time) GMT"
    }
}
