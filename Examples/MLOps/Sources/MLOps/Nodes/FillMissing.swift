import DatasetSDK

/// `fill_na_node`, as the reference's `fill_na`: "None" for the none-columns, 0 for the
/// zero-columns, `LotFrontage` by the median of its `Neighborhood` group, then the most frequent
/// value for every other numeric and string column that still has nulls.
///
/// Columns without nulls are shared with the input, not copied. Differences from pandas, where
/// pandas would change a column's type: a numeric column listed in `none_cols` keeps its type
/// and is filled by the most-frequent step; numeric columns stay int64 (scikit-learn's imputer
/// turns them into float64).
public struct FillMissing: Sendable {
    /// Text columns whose nulls become "None" (`none_cols`).
    public var noneColumns: [String]
    /// Numeric columns whose nulls become 0 (`zero_cols`).
    public var zeroColumns: [String]
    /// The column whose nulls become its group's median (`LotFrontage`).
    public var medianColumn = "LotFrontage"
    /// The text column that defines the groups (`Neighborhood`).
    public var groupColumn = "Neighborhood"

    /// A fill with these column lists.
    public init(noneColumns: [String], zeroColumns: [String]) {
        self.noneColumns = noneColumns
        self.zeroColumns = zeroColumns
    }

    /// The frame with its nulls filled.
    public func apply(to input: DataFrame) throws -> DataFrame {
        var frame = input
        for name in noneColumns {
            let column = try Parameters.column(name, of: frame, parameter: "none_cols")
            if column.kind == .string { try frame.setColumn(column.fillingNulls(with: "None"), named: name) }
        }
        for name in zeroColumns {
            let column = try Parameters.column(name, of: frame, parameter: "zero_cols")
            try frame.setColumn(Self.fillingZero(column, name: name), named: name)
        }
        if let target = frame[medianColumn], target.nullCount > 0, let groups = frame[groupColumn] {
            try frame.setColumn(Self.fillingGroupMedian(target, groups: groups, name: medianColumn), named: medianColumn)
        }
        let pending = frame.columns.filter { $0.column.nullCount > 0 }
        let filled = try pending.map { name, column in try Self.fillingMostFrequent(column, name: name) }
        for (entry, column) in zip(pending, filled) { try frame.setColumn(column, named: entry.name) }
        return frame
    }

    static func fillingZero(_ column: Column, name: String) throws -> Column {
        switch column.kind {
        case .numeric(.int64): try column.fillingNulls(with: Int64(0))
        case .numeric(.float64): try column.fillingNulls(with: 0.0)
        case .string: try column.fillingNulls(with: "0")
        default: throw MLOpsError.unsupportedColumn(column: name, kind: column.kind.description, operation: "fill zeros in")
        }
    }

    /// Nulls of `target` become the median of the non-null values of rows with the same
    /// `groups` value (codes from dictionary encoding; values bucketed by code, each bucket
    /// sorted). Rows whose group is null or has no value stay null, as in pandas.
    static func fillingGroupMedian(_ target: Column, groups: Column, name: String) throws -> Column {
        guard target.kind == .numeric(.float64) else {
            if target.kind == .numeric(.int64) { return target }
            throw MLOpsError.unsupportedColumn(column: name, kind: target.kind.description, operation: "fill a group median in")
        }
        let codes: [Int32]
        let groupCount: Int
        switch groups.kind {
        case .string:
            let encoded = try groups.dictionaryEncoded()
            codes = encoded.codes
            groupCount = encoded.categories.count
        default:
            throw MLOpsError.unsupportedColumn(column: "the grouping column", kind: groups.kind.description, operation: "group by")
        }
        let values = try target.values(as: Double.self)
        var buckets = [[Double]](repeating: [], count: groupCount)
        values.withUnsafeBufferPointer { buffer in
            for row in buffer.indices where codes[row] >= 0 && !target.isNull(row) { buckets[Int(codes[row])].append(buffer[row]) }
        }
        let medians: [Double?] = buckets.indices.map { NumericColumn.median(sorting: &buckets[$0]) }
        var stillNull = [Bool](repeating: false, count: target.count)
        let replacement = try Tensor<Double>(shape: [target.count]) { out in
            for row in 0..<target.count {
                if codes[row] >= 0, let median = medians[Int(codes[row])] { out[row] = median } else { out[row] = 0; stillNull[row] = true }
            }
        }
        let validity = stillNull.contains(true) ? ValidityBitmap(stillNull.map { !$0 }) : nil
        return try target.fillingNulls(from: Column(replacement, validity: validity))
    }

    static func fillingMostFrequent(_ column: Column, name: String) throws -> Column {
        switch column.kind {
        case .numeric(.int64):
            guard let mode = try NumericColumn.mostFrequent(column, as: Int64.self) else { return column }
            return try column.fillingNulls(with: mode)
        case .numeric(.float64):
            guard let mode = try NumericColumn.mostFrequent(column, as: Double.self) else { return column }
            return try column.fillingNulls(with: mode)
        case .string:
            guard let mode = try column.mostFrequentString() else { return column }
            return try column.fillingNulls(with: mode)
        default:
            throw MLOpsError.unsupportedColumn(column: name, kind: column.kind.description, operation: "fill the most frequent value in")
        }
    }
}
