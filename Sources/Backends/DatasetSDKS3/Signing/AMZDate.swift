#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A UTC time in SigV4's two forms: `20130524T000000Z` and the day `20130524`.
struct AMZDate: Sendable, Hashable {
    /// `YYYYMMDDTHHMMSSZ`.
    let timestamp: String
    /// `YYYYMMDD`.
    var day: String { String(timestamp.prefix(8)) }

    /// The time `seconds` after 1970-01-01 UTC.
    init(secondsSince1970 seconds: Int) {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        timestamp = "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }

    /// The current time.
    static var now: AMZDate { AMZDate(secondsSince1970: Int(time(nil))) }
}
