// Timestamp, duration and date columns (docs/format.md section 3): Arrow's layouts, so pandas
// and Arrow view the same blobs. A timestamp or duration null holds -2^63 (pandas' NaT) and no
// present row may hold it; the initialisers check both, copying once only when a null slot
// holds something else.
import Foundation

extension Column {
    /// The value at every null row of a timestamp or duration column, and at no present row.
    public static let notATime = Int64.min

    /// A timestamp column viewing `counts`: counts of `unit` since 1970-01-01T00:00:00, UTC
    /// instants shown in `timeZone` (an IANA name such as `Europe/Paris`, or `+05:30`), or
    /// wall-clock times without a zone when it is `nil`. O(rows) to check; the blob is shared
    /// unless a null row holds another value than ``notATime`` (then copied once).
    ///
    /// - Throws: ``DataFrameError`` for a tensor that is not one-dimensional, a bitmap of another
    ///   length, a present row holding ``notATime``, or an empty time zone.
    public init(timestamps counts: Tensor<Int64>, unit: TimeUnit, timeZone: String? = nil, validity: ValidityBitmap? = nil) throws(DataFrameError) {
        if let timeZone, timeZone.isEmpty { throw .wrongKind(column: nil, expected: "a time zone name or nil", found: "an empty time zone") }
        try self.init(temporal: counts, kind: .timestamp(unit, timeZone: timeZone), validity: validity)
    }

    /// A duration column viewing `counts` of `unit` (the same checks as timestamps).
    public init(durations counts: Tensor<Int64>, unit: TimeUnit, validity: ValidityBitmap? = nil) throws(DataFrameError) {
        try self.init(temporal: counts, kind: .duration(unit), validity: validity)
    }

    /// A date column viewing `days` since 1970-01-01 (proleptic Gregorian calendar). O(1).
    public init(dates days: Tensor<Int32>, validity: ValidityBitmap? = nil) throws(DataFrameError) {
        let base = try Column(days, validity: validity)
        self.init(kind: .date, count: base.count, data: base.data, offsets: nil, validity: base.validity)
    }

    /// A timestamp column holding `dates` (`nil`: null) in `unit`, rounded to the nearest unit.
    ///
    /// - Throws: ``DataFrameError/invalidColumn(column:_:)`` for a date outside the unit's range
    ///   (nanoseconds reach the years 1677 to 2262).
    public init(_ dates: [Date?], unit: TimeUnit = .nanoseconds, timeZone: String? = nil) throws(DataFrameError) {
        var counts = [Int64](repeating: Self.notATime, count: dates.count)
        for (row, date) in dates.enumerated() {
            guard let date else { continue }
            let seconds = date.timeIntervalSince1970.rounded(.down)
            let fraction = ((date.timeIntervalSince1970 - seconds) * Double(unit.perSecond)).rounded()
            guard let whole = Int64(exactly: seconds), case let (scaled, false) = whole.multipliedReportingOverflow(by: unit.perSecond),
                  case let (count, false) = scaled.addingReportingOverflow(Int64(fraction)), count != Self.notATime else {
                throw .invalidColumn(column: nil, .invalidArgument("row \(row): \(date) does not fit in a timestamp in \(unit.rawValue)"))
            }
            counts[row] = count
        }
        try self.init(timestamps: Tensor(counts), unit: unit, timeZone: timeZone, validity: Self.presenceBitmap(dates.map { $0 != nil }))
    }

    /// A duration column holding `durations` (`nil`: null) in `unit`, truncated to the unit.
    ///
    /// - Throws: ``DataFrameError/invalidColumn(column:_:)`` for a duration the unit cannot hold.
    public init(_ durations: [Duration?], unit: TimeUnit = .nanoseconds) throws(DataFrameError) {
        var counts = [Int64](repeating: Self.notATime, count: durations.count)
        let attosecondsPerUnit = 1_000_000_000_000_000_000 / unit.perSecond
        for (row, duration) in durations.enumerated() {
            guard let (seconds, attoseconds) = duration?.components else { continue }
            guard case let (scaled, false) = seconds.multipliedReportingOverflow(by: unit.perSecond),
                  case let (count, false) = scaled.addingReportingOverflow(attoseconds / attosecondsPerUnit), count != Self.notATime else {
                throw .invalidColumn(column: nil, .invalidArgument("row \(row): \(duration!) does not fit in a duration in \(unit.rawValue)"))
            }
            counts[row] = count
        }
        try self.init(durations: Tensor(counts), unit: unit, validity: Self.presenceBitmap(durations.map { $0 != nil }))
    }

    /// The row of a timestamp or date column as a `Date`; `nil` for a null (or another kind).
    /// Sub-microsecond parts are rounded by `Date`'s `Double` seconds.
    public func date(at row: Int) -> Date? {
        guard !isNull(row) else { return nil }
        switch kind {
        case let .timestamp(unit, _):
            let count = data.withUnsafeBytes { $0.load(fromByteOffset: row * 8, as: Int64.self) }
            let (seconds, remainder) = count.quotientAndRemainder(dividingBy: unit.perSecond)
            return Date(timeIntervalSince1970: Double(seconds) + Double(remainder) / Double(unit.perSecond))
        case .date:
            let days = data.withUnsafeBytes { $0.load(fromByteOffset: row * 4, as: Int32.self) }
            return Date(timeIntervalSince1970: Double(days) * 86_400)
        default:
            return nil
        }
    }

    /// The row of a duration column as a `Duration`; `nil` for a null (or another kind).
    public func duration(at row: Int) -> Duration? {
        guard case let .duration(unit) = kind, !isNull(row) else { return nil }
        let count = data.withUnsafeBytes { $0.load(fromByteOffset: row * 8, as: Int64.self) }
        let (seconds, remainder) = count.quotientAndRemainder(dividingBy: unit.perSecond)
        return .seconds(seconds) + .nanoseconds(remainder * (1_000_000_000 / unit.perSecond))
    }

    /// This timestamp column with its nulls set to `date` (rounded to the column's unit), or
    /// this date column with its nulls set to the day of `date` (in UTC).
    ///
    /// - Throws: ``DataFrameError/wrongKind(column:expected:found:)`` for another kind,
    ///   ``DataFrameError/invalidColumn(column:_:)`` when the unit cannot hold `date`.
    public func fillingNulls(with date: Date) throws(DataFrameError) -> Column {
        switch kind {
        case let .timestamp(unit, zone):
            return fillingNulls(withRaw: try Column([date], unit: unit, timeZone: zone).data.withUnsafeBytes { $0.load(as: Int64.self) })
        case .date:
            guard let day = Int32(exactly: (date.timeIntervalSince1970 / 86_400).rounded(.down)) else {
                throw .invalidColumn(column: nil, .invalidArgument("\(date) is outside the days a date column holds"))
            }
            return fillingNulls(withRaw: day)
        default:
            throw .wrongKind(column: nil, expected: "timestamps or dates", found: kind.description)
        }
    }

    /// This duration column with its nulls set to `duration` (truncated to the column's unit).
    public func fillingNulls(with duration: Duration) throws(DataFrameError) -> Column {
        guard case let .duration(unit) = kind else { throw .wrongKind(column: nil, expected: "durations", found: kind.description) }
        let count = try Column([duration], unit: unit).data.withUnsafeBytes { $0.load(as: Int64.self) }
        return fillingNulls(withRaw: count)
    }

    /// The stored integers, viewed as a tensor: a timestamp's or duration's counts (`Int64`), a
    /// date's days (`Int32`), a dictionary's codes (its code type), a numeric column's values.
    /// O(1).
    ///
    /// - Throws: ``DataFrameError/wrongKind(column:expected:found:)`` when `Element` is not the
    ///   stored type.
    public func rawValues<Element: TensorElement>(as type: Element.Type) throws(DataFrameError) -> Tensor<Element> {
        let stored: DType? = switch kind {
        case let .numeric(dtype): dtype
        case .timestamp, .duration: .int64
        case .date: .int32
        case let .dictionary(codes, _, _): codes
        case .string, .decimal: nil
        }
        guard stored == Element.dtype else { throw .wrongKind(column: nil, expected: "\(Element.dtype.rawValue) storage", found: kind.description) }
        do { return try Tensor(shape: [count], blob: data) } catch { throw .invalidColumn(column: nil, error) }
    }

    private init(temporal counts: Tensor<Int64>, kind: Kind, validity: ValidityBitmap?) throws(DataFrameError) {
        let base = try Column(counts, validity: validity)
        let data: Blob
        do { data = try Self.checkedTemporal(base.data, count: base.count, validity: base.validity, typeName: kind.description) } catch {
            throw .invalidColumn(column: nil, error)
        }
        self.init(kind: kind, count: base.count, data: data, offsets: nil, validity: base.validity)
    }

    /// `data` when no present row holds ``notATime`` and every null row does; a copy with the
    /// null rows set when some null row holds another value.
    static func checkedTemporal(_ data: Blob, count: Int, validity: ValidityBitmap?, typeName: String) throws(ObjectError) -> Blob {
        var nullsToSet = false
        let bad: Int? = data.withUnsafeBytes { raw in
            for row in 0..<count where raw.load(fromByteOffset: row * 8, as: Int64.self) == notATime {
                if validity?.isValid(row) ?? true { return row }
            }
            validity?.forEachNull { row in
                if raw.load(fromByteOffset: row * 8, as: Int64.self) != notATime { nullsToSet = true }
            }
            return nil
        }
        if let bad {
            throw .invalidBlob("data", typeName: typeName, reason: "row \(bad) is present but holds -2^63, the value reserved for nulls (pandas' NaT)")
        }
        guard nullsToSet, let validity else { return data }
        return copy(of: data, settingNullsOf: validity, to: notATime)
    }

    static func presenceBitmap(_ present: [Bool]) -> ValidityBitmap? {
        present.contains(false) ? ValidityBitmap(present) : nil
    }
}
