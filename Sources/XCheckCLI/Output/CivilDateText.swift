import XCheckModel

/// Dates for tables.
enum CivilDateText {
    static func dateTime(_ epochSeconds: Int64) -> String { CivilDate.dateTimeString(epochSeconds: epochSeconds) }
}
