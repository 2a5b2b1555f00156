// `parse_dates` as pandas 3.1's `read_csv` does it: the first present value of a column decides
// the format (`YYYY-MM-DD`, then optionally ` ` or `T`, `HH:MM:SS`, a fraction, and `Z` or
// `+HH:MM`); every value must have that format, else the column stays text, as pandas leaves
// it. Values become microseconds (nanoseconds when the fraction has more than six digits); a
// common UTC offset becomes the column's time zone, with the values converted to UTC.

extension Column {
    /// This text column parsed as timestamps, or `nil` when a value does not have the format of
    /// the first one (pandas then leaves the column as text).
    func parsingTimestamps() -> Column? {
        guard case .string = kind, let strings = try? strings() else { return nil }
        var shape: CSVTimestampShape?
        var parsed = [(seconds: Int64, nanoseconds: Int64)?](repeating: nil, count: count)
        for row in 0..<count where !isNull(row) {
            guard let value = strings.withUTF8(at: row, { CSVTimestampShape.parse($0, like: shape) }) else { return nil }
            shape = value.shape
            parsed[row] = (value.seconds, value.nanoseconds)
        }
        let unit: TimeUnit = (shape?.fractionDigits ?? 0) > 6 ? .nanoseconds : .microseconds
        var counts = [Int64](repeating: Column.notATime, count: count)
        for (row, value) in parsed.enumerated() {
            guard let (seconds, nanoseconds) = value else { continue }
            guard case let (scaled, false) = seconds.multipliedReportingOverflow(by: unit.perSecond),
                  case let (total, false) = scaled.addingReportingOverflow(unit == .nanoseconds ? nanoseconds : nanoseconds / 1000) else { return nil }
            counts[row] = total
        }
        let zone = shape?.offset.map(CivilTime.offsetText)
        return try? Column(timestamps: Tensor(counts), unit: unit, timeZone: zone == "+00:00" ? "UTC" : zone, validity: validity)
    }
}

/// The format of one timestamp text: what the first value of a column fixes for the others.
struct CSVTimestampShape: Equatable {
    var hasTime = false
    var separator: UInt8 = 0
    var fractionDigits = 0
    /// Seconds east of UTC when the text ends with `Z` or `+HH:MM`.
    var offset: Int?

    /// Seconds since 1970 (UTC) and nanoseconds of `text`, and its shape; `nil` when it is not
    /// a timestamp, or does not match `like` in everything but the fraction's length.
    static func parse(_ text: UnsafeRawBufferPointer, like: CSVTimestampShape?) -> (seconds: Int64, nanoseconds: Int64, shape: CSVTimestampShape)? {
        var position = 0
        func number(_ digits: Int) -> Int64? {
            guard position + digits <= text.count else { return nil }
            var value: Int64 = 0
            for byte in text[position..<(position + digits)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            position += digits
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard position < text.count, text[position] == byte else { return false }
            position += 1
            return true
        }
        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")), let day = number(2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var shape = CSVTimestampShape()
        var seconds = CivilTime.days(year: year, month: month, day: day) * 86_400
        var nanoseconds: Int64 = 0
        guard CivilTime.date(days: CivilTime.days(year: year, month: month, day: day)) == (year, month, day) else { return nil }  // 2021-02-30
        if position < text.count, text[position] == UInt8(ascii: " ") || text[position] == UInt8(ascii: "T") {
            shape.hasTime = true
            shape.separator = text[position]
            position += 1
            guard let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2), expect(UInt8(ascii: ":")), let second = number(2),
                  hour < 24, minute < 60, second < 60 else { return nil }
            seconds += (hour * 60 + minute) * 60 + second
            if expect(UInt8(ascii: ".")) {
                var digits = 0, fraction: Int64 = 0
                while position < text.count, text[position] >= 48, text[position] <= 57, digits < 9 {
                    fraction = fraction * 10 + Int64(text[position] - 48)
                    digits += 1
                    position += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<9 { fraction *= 10 }
                nanoseconds = fraction
                shape.fractionDigits = digits
            }
            if position < text.count {
                let rest = String(decoding: UnsafeRawBufferPointer(rebasing: text[position...]), as: UTF8.self)
                guard let offset = CivilTime.fixedOffset(rest) else { return nil }
                shape.offset = offset
                seconds -= Int64(offset)
                position = text.count
            }
        }
        guard position == text.count else { return nil }
        if var like {
            // Fractions may differ in length, not in presence (pandas' inferred `%S.%f`).
            guard (like.fractionDigits > 0) == (shape.fractionDigits > 0) else { return nil }
            like.fractionDigits = max(shape.fractionDigits, like.fractionDigits)
            shape.fractionDigits = like.fractionDigits
            guard like == shape else { return nil }
        }
        return (seconds, nanoseconds, shape)
    }
}
