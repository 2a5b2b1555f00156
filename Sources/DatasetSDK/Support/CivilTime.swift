// Calendar arithmetic: days since 1970-01-01 to and from year-month-day in the proleptic
// Gregorian calendar (H. Hinnant's algorithms, exact for every Int64 day count a timestamp can
// hold), and time-zone offsets. Used by CSV text of timestamps and dates and by Kedro-style
// version strings.
import Foundation

enum CivilTime {
    /// Days since 1970-01-01 of a year, month (1-12) and day (1-31).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The year, month and day of `days` since 1970-01-01.
    static func date(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `YYYY-MM-DD` (a negative year with a minus sign, as pandas prints it).
    static func dateText(days: Int64) -> String {
        let (year, month, day) = date(days: days)
        return (year < 0 ? "-" : "") + pad(year.magnitude, 4) + "-" + pad(UInt64(month), 2) + "-" + pad(UInt64(day), 2)
    }

    /// `value` in decimal with at least `width` digits.
    static func pad(_ value: UInt64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Seconds east of UTC of `zone` (an IANA name or `+HH:MM`/`-HH:MM`) at the UTC instant
    /// `seconds` since 1970; nil for a zone this machine does not know.
    static func offset(of zone: String, atSecond seconds: Int64) -> Int? {
        if let fixed = fixedOffset(zone) { return fixed }
        guard let timeZone = TimeZone(identifier: zone) else { return nil }
        return timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
    }

    /// The seconds of `+HH:MM` or `-HH:MM` (also `Z`).
    static func fixedOffset(_ text: String) -> Int? {
        if text == "Z" { return 0 }
        let bytes = Array(text.utf8)
        guard bytes.count == 6, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"), bytes[3] == UInt8(ascii: ":"),
              let hours = Int(String(decoding: bytes[1..<3], as: UTF8.self)), let minutes = Int(String(decoding: bytes[4..<6], as: UTF8.self)),
              hours < 24, minutes < 60 else { return nil }
        return (bytes[0] == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    /// `+HH:MM` for an offset in seconds.
    static func offsetText(_ seconds: Int) -> String {
        (seconds < 0 ? "-" : "+") + pad(UInt64(seconds.magnitude / 3600), 2) + ":" + pad(UInt64(seconds.magnitude % 3600 / 60), 2)
    }
}
