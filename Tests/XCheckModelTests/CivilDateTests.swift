import Testing
import XCheckModel

/// UTC calendar strings without Foundation: checked against dates computed independently (`date -u -d @N`).
@Suite("Civil dates")
struct CivilDateTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01", "1970-01-01T00:00:00Z", "1970-01-01 00:00 UTC"),
        (Int64(951_782_400), "2000-02-29", "2000-02-29T00:00:00Z", "2000-02-29 00:00 UTC"),
        (Int64(1_795_918_440), "2026-11-29", "2026-11-29T02:14:00Z", "2026-11-29 02:14 UTC"),
        (Int64(4_107_542_399), "2100-02-28", "2100-02-28T23:59:59Z", "2100-02-28 23:59 UTC"),
        (Int64(-1), "1969-12-31", "1969-12-31T23:59:59Z", "1969-12-31 23:59 UTC"),
        (Int64(-86_401), "1969-12-30", "1969-12-30T23:59:59Z", "1969-12-30 23:59 UTC"),
    ])
    func strings(epoch: Int64, date: String, iso: String, readable: String) {
        #expect(CivilDate.dateString(epochSeconds: epoch) == date)
        #expect(CivilDate.iso8601String(epochSeconds: epoch) == iso)
        #expect(CivilDate.dateTimeString(epochSeconds: epoch) == readable)
    }
}
