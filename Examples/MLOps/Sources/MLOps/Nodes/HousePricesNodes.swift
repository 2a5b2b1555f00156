import DatasetSDK
#if canImport(Glibc)
import Glibc
#endif

/// The five steps of the reference pipeline as functions on ``DataFrame``; the nodes in
/// ``HousePricesPipeline`` call them with their parameters.
public enum HousePricesNodes {
    /// `outliers_node`: appends `base.rowCount x (multiplier - 1)` random rows (seeded), then
    /// drops the rows with `GrLivArea > maxLivingArea` and `SalePrice < minPrice`, as the
    /// reference's `remove_outliers` after `data_augment`.
    public static func removeOutliers(_ base: DataFrame, multiplier: Int, maxLivingArea: Double, minPrice: Double, seed: UInt64 = HousePricesGenerator.defaultSeed) throws -> DataFrame {
        // pandas compares NaN as false: a null never makes a row an outlier.
        let keep = { (frame: DataFrame) throws -> [Bool] in
            let area = try doubles(frame, "GrLivArea", parameter: "outliers.GrLivArea")
            let price = try doubles(frame, "SalePrice", parameter: "outliers.SalePrice")
            return (0..<frame.rowCount).map { row in
                !(area.valid(row) && area.values[row] > maxLivingArea && price.valid(row) && price.values[row] < minPrice)
            }
        }
        guard multiplier > 1 else { return try base.filtered(by: keep(base)) }
        return try HousePricesGenerator.augmented(base, rows: base.rowCount * (multiplier - 1), seed: seed, filterColumns: ["GrLivArea", "SalePrice"], keep: keep)
    }

    /// `create_target_node`: `log1p(SalePrice)` as a one-column frame (`SalePrice`, float64;
    /// nulls stay null).
    public static func createTarget(_ frame: DataFrame) throws -> DataFrame {
        let price = try doubles(frame, "SalePrice", parameter: "SalePrice")
        let target = try Tensor<Double>(shape: [frame.rowCount]) { out in
            for row in 0..<frame.rowCount { out[row] = price.valid(row) ? log1p(price.values[row]) : 0 }
        }
        return try DataFrame(columns: [("SalePrice", Column(target, validity: frame.column("SalePrice").validity))])
    }

    /// `drop_cols_node`: the frame without `columns`. O(columns), no column bytes copied.
    public static func dropColumns(_ frame: DataFrame, columns: [String]) throws -> DataFrame {
        for name in columns where frame[name] == nil {
            throw MLOpsError.unknownColumn(name, parameter: "cols_to_drop", available: frame.columnNames)
        }
        return try frame.dropping(columns: columns)
    }

    /// `total_sf_node`: adds `TotalSF = TotalBsmtSF + 1stFlrSF + 2ndFlrSF` (int64 when all three
    /// are, else float64; null where any is null). The other columns are shared, not copied.
    public static func addTotalSF(_ frame: DataFrame) throws -> DataFrame {
        let names = ["TotalBsmtSF", "1stFlrSF", "2ndFlrSF"]
        let columns = try names.map { try Parameters.column($0, of: frame, parameter: "TotalSF") }
        let nullRows = (0..<frame.rowCount).map { row in columns.contains { $0.isNull(row) } }
        let validity = nullRows.contains(true) ? ValidityBitmap(nullRows.map { !$0 }) : nil
        if columns.allSatisfy({ $0.kind == .numeric(.int64) }) {
            let parts = try columns.map { try $0.values(as: Int64.self) }
            let total = try Tensor<Int64>(shape: [frame.rowCount]) { out in
                parts[0].withUnsafeBufferPointer { a in parts[1].withUnsafeBufferPointer { b in parts[2].withUnsafeBufferPointer { c in
                    for row in 0..<out.count { out[row] = nullRows[row] ? 0 : a[row] &+ b[row] &+ c[row] }
                } } }
            }
            return try frame.adding(Column(total, validity: validity), named: "TotalSF")
        }
        let parts = try names.map { try doubles(frame, $0, parameter: "TotalSF") }
        let total = try Tensor<Double>(shape: [frame.rowCount]) { out in
            for row in 0..<out.count { out[row] = nullRows[row] ? 0 : parts[0].values[row] + parts[1].values[row] + parts[2].values[row] }
        }
        return try frame.adding(Column(total, validity: validity), named: "TotalSF")
    }

    /// A numeric column as doubles with its validity, for comparisons and arithmetic.
    static func doubles(_ frame: DataFrame, _ name: String, parameter: String) throws -> NumericValues {
        let column = try Parameters.column(name, of: frame, parameter: parameter)
        let values: [Double]
        switch column.kind {
        case .numeric(.int64): values = try column.values(as: Int64.self).withUnsafeBufferPointer { $0.map(Double.init) }
        case .numeric(.float64): values = try column.values(as: Double.self).scalars
        case .numeric(.int32): values = try column.values(as: Int32.self).withUnsafeBufferPointer { $0.map(Double.init) }
        case .numeric(.float32): values = try column.values(as: Float.self).withUnsafeBufferPointer { $0.map(Double.init) }
        default: throw MLOpsError.unsupportedColumn(column: name, kind: column.kind.description, operation: "compute with")
        }
        return NumericValues(values: values, validity: column.validity)
    }
}

/// A numeric column's values as doubles, with its validity.
struct NumericValues {
    let values: [Double]
    let validity: ValidityBitmap?

    /// Whether row `row` holds a value.
    func valid(_ row: Int) -> Bool { validity?.isValid(row) ?? true }
}
