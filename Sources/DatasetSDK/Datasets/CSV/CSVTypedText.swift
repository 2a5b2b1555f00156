// The text pandas' `to_csv` writes for typed columns (pandas 3.1): timestamps `2020-09-13
// 12:26:40.123` with the unit's fraction digits (none for seconds; a naive column whose present
// values are all midnights as dates only; zoned ones in local time with `+HH:MM`), durations
// `0 days 00:00:01.500000` (`-1 days +23:59:59.999000`; whole days as `3 days`; milliseconds
// printed as microseconds), dates `YYYY-MM-DD`, decimals with `scale` digits, categories as their
// values. Each typed column becomes a string column once, before the rows are formatted.

extension Column {
    /// This column as the text `to_csv` writes, nulls kept; numbers and strings as they are.
    ///
    /// - Throws: ``CSVError/invalidOption(key:reason:)`` for a time zone this machine does not know.
    func csvText() throws(CSVError) -> Column {
        switch kind {
        case .numeric, .string:
            return self
        case let .dictionary(_, categoryKind, _):
            let decoded: Column
            do { decoded = try decodingCategories() } catch { preconditionFailure("a dictionary column decodes: \(error)") }
            if case .numeric = categoryKind { return decoded }  // the row formatter writes numbers
            return try decoded.csvText()
        case .decimal:
            return Column((0..<count).map { decimalText(at: $0) })
        case .date:
            let days = try! rawValues(as: Int32.self)
            return Column((0..<count).map { isNull($0) ? nil : CivilTime.dateText(days: Int64(days[$0])) })
        case let .timestamp(unit, zone):
            return try timestampText(unit: unit, zone: zone)
        case let .duration(unit):
            return durationText(unit: unit)
        }
    }

    private func present(_ counts: Tensor<Int64>) -> [Int64] { (0..<count).filter { !isNull($0) }.map { counts[$0] } }

    private func timestampText(unit: TimeUnit, zone: String?) throws(CSVError) -> Column {
        let counts = try! rawValues(as: Int64.self)
        let perDay = 86_400 * unit.perSecond
        let datesOnly = zone == nil && present(counts).allSatisfy { $0 % perDay == 0 }
        let digits = [TimeUnit.seconds: 0, .milliseconds: 3, .microseconds: 6, .nanoseconds: 9][unit]!
        var texts: [String?] = []
        texts.reserveCapacity(count)
        for row in 0..<count {
            guard !isNull(row) else { texts.append(nil); continue }
            var (seconds, fraction) = counts[row].quotientAndRemainder(dividingBy: unit.perSecond)
            if fraction < 0 { seconds -= 1; fraction += unit.perSecond }
            var suffix = ""
            if let zone {
                guard let offset = CivilTime.offset(of: zone, atSecond: seconds) else {
                    throw .invalidOption(key: "timezone", reason: "time zone '\(zone)' is not known on this machine (install tzdata)")
                }
                seconds += Int64(offset)
                suffix = CivilTime.offsetText(offset)
            }
            let (day, second) = seconds.quotientAndRemainder(dividingBy: 86_400)
            let (days, time) = second < 0 ? (day - 1, second + 86_400) : (day, second)
            var text = CivilTime.dateText(days: days)
            if !datesOnly {
                text += " " + CivilTime.pad(UInt64(time / 3600), 2) + ":" + CivilTime.pad(UInt64(time % 3600 / 60), 2) + ":" + CivilTime.pad(UInt64(time % 60), 2)
                if digits > 0 { text += "." + CivilTime.pad(UInt64(fraction), digits) }
            }
            texts.append(text + suffix)
        }
        return Column(texts)
    }

    private func durationText(unit: TimeUnit) -> Column {
        let counts = try! rawValues(as: Int64.self)
        let perDay = 86_400 * unit.perSecond
        let wholeDays = present(counts).allSatisfy { $0 % perDay == 0 }
        // pandas prints milliseconds with microseconds' six digits.
        let (digits, scale): (Int, Int64) = switch unit {
        case .seconds: (0, 1)
        case .milliseconds: (6, 1_000)
        case .microseconds: (6, 1)
        case .nanoseconds: (9, 1)
        }
        return Column((0..<count).map { row -> String? in
            guard !isNull(row) else { return nil }
            var (days, rest) = counts[row].quotientAndRemainder(dividingBy: perDay)
            if rest < 0 { days -= 1; rest += perDay }
            if wholeDays { return "\(days) days" }
            let (seconds, fraction) = rest.quotientAndRemainder(dividingBy: unit.perSecond)
            var text = "\(days) days \(days < 0 ? "+" : "")" + CivilTime.pad(UInt64(seconds / 3600), 2) + ":"
                + CivilTime.pad(UInt64(seconds % 3600 / 60), 2) + ":" + CivilTime.pad(UInt64(seconds % 60), 2)
            if digits > 0 { text += "." + CivilTime.pad(UInt64(fraction * scale), digits) }
            return text
        })
    }
}
