// What a column holds: the column types of docs/format.md section 3, each with the Arrow type it
// maps to. Fixed-width kinds share one storage shape (a blob of `byteWidth`-byte elements), so
// row operations treat them alike; strings have offsets and bytes.

extension Column {
    /// What a column holds.
    public indirect enum Kind: Sendable, Hashable, CustomStringConvertible {
        /// Fixed-width elements of this type (a `datasetsdk.Tensor`).
        case numeric(DType)
        /// UTF-8 strings (a `datasetsdk.StringArray`).
        case string
        /// Points in time: `Int64` counts of `unit` since 1970-01-01T00:00:00, UTC instants
        /// shown in `timeZone` (an IANA name or `+HH:MM`), or wall-clock times when it is `nil`.
        case timestamp(TimeUnit, timeZone: String?)
        /// Elapsed times: `Int64` counts of the unit.
        case duration(TimeUnit)
        /// Calendar dates: `Int32` days since 1970-01-01.
        case date
        /// Fixed-point decimals: 128-bit integers `v` meaning `v × 10^-scale`, `|v| < 10^precision`.
        case decimal(precision: Int, scale: Int)
        /// Categorical values: integer codes (of type `codes`) into a column of distinct
        /// categories of kind `categories`; `ordered` when the categories' order is meaningful.
        case dictionary(codes: DType, categories: Kind, ordered: Bool)

        /// Arrow's name for the type: `int64`, `string`, `timestamp[ns, UTC]`, `duration[us]`,
        /// `date32`, `decimal128(10, 2)`, `dictionary<int8, string>`.
        public var description: String {
            switch self {
            case let .numeric(dtype): dtype.rawValue
            case .string: "string"
            case let .timestamp(unit, zone): "timestamp[\(unit.rawValue)\(zone.map { ", \($0)" } ?? "")]"
            case let .duration(unit): "duration[\(unit.rawValue)]"
            case .date: "date32"
            case let .decimal(precision, scale): "decimal128(\(precision), \(scale))"
            case let .dictionary(codes, categories, ordered): "dictionary<\(codes.rawValue), \(categories)\(ordered ? ", ordered" : "")>"
            }
        }

        /// Bytes per row of the fixed-width kinds (a dictionary's codes); `nil` for strings.
        public var byteWidth: Int? {
            switch self {
            case let .numeric(dtype): dtype.byteWidth
            case .string: nil
            case .timestamp, .duration: 8
            case .date: 4
            case .decimal: 16
            case let .dictionary(codes, _, _): codes.byteWidth
            }
        }
    }

    /// The unit of a timestamp or duration column, with its name in the metadata (Arrow's).
    public enum TimeUnit: String, Sendable, CaseIterable, Hashable {
        case seconds = "s", milliseconds = "ms", microseconds = "us", nanoseconds = "ns"

        /// Units per second: 1, 1,000, 1,000,000 or 1,000,000,000.
        public var perSecond: Int64 {
            switch self {
            case .seconds: 1
            case .milliseconds: 1_000
            case .microseconds: 1_000_000
            case .nanoseconds: 1_000_000_000
            }
        }

        package var layout: DatasetSDK.TimeUnit { DatasetSDK.TimeUnit(rawValue: rawValue)! }
        package init(_ layout: DatasetSDK.TimeUnit) { self = TimeUnit(rawValue: layout.rawValue)! }
    }
}
