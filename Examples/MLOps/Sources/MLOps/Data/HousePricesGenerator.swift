import DatasetSDK

/// Generates house-prices rows: the 1,460 base rows when no `train.csv` is available, and the
/// random rows the `outliers_node` appends to reach `rows x multiplier`.
///
/// Every column draws from its own seeded stream (``SeededRandom``), named after the column, so
/// the result is the same bytes whatever the machine, environment or process, and columns are
/// generated in parallel.
public enum HousePricesGenerator {
    /// The seed used when none is configured.
    public static let defaultSeed: UInt64 = 42

    /// `rows` base rows with the 81 columns of ``HousePricesSchema``, their domains and a share
    /// of nulls like `train.csv`'s; `Id` counts from 1.
    public static func baseRows(_ rows: Int = HousePricesSchema.baseRowCount, seed: UInt64 = defaultSeed) -> DataFrame {
        let specs = HousePricesSchema.columns
        let columns = parallelMap(specs.count) { index -> Column in
            let spec = specs[index]
            if spec.name == "Id" { return Column((1...Int64(max(rows, 1))).prefix(rows).map { $0 }) }
            let generator = ColumnGenerator(values: values(for: spec.domain), nullShare: spec.missingShare)
            return generator.generate(count: rows, seed: seed, stream: SeededRandom.stream(for: spec.name, salt: 1))
        }
        return try! DataFrame(columns: Array(zip(specs.map(\.name), columns)))
    }

    /// `rows` random rows over `base`'s columns, each of the same kind as in `base`: values from
    /// the column's domain in ``HousePricesSchema`` with its share of nulls, or for a column the
    /// schema does not know (or knows with another kind), from the range or the distinct values
    /// found in `base`, with `base`'s share of nulls.
    public static func randomRows(like base: DataFrame, rows: Int, seed: UInt64 = defaultSeed) throws -> DataFrame {
        let names = base.columnNames
        let generators = try names.map { name in try generator(for: name, in: base.column(name)) }
        let columns = parallelMap(names.count) { index in
            generators[index].generate(count: rows, seed: seed, stream: SeededRandom.stream(for: names[index], salt: 2))
        }
        return try DataFrame(columns: Array(zip(names, columns)))
    }

    /// The rows of `base` where `keep` is true followed by those of `rows` random rows (as
    /// ``randomRows(like:rows:seed:)`` draws them) where `keep` is true; each column is written
    /// once. `keep` sees frames holding only `filterColumns`: `base`'s, then the random rows'.
    public static func augmented(
        _ base: DataFrame, rows: Int, seed: UInt64 = defaultSeed,
        filterColumns: [String], keep: (DataFrame) throws -> [Bool]
    ) throws -> DataFrame {
        let names = base.columnNames
        let generators = try names.map { name in try generator(for: name, in: base.column(name)) }
        let streams = names.map { SeededRandom.stream(for: $0, salt: 2) }
        let baseKeep = try keep(base)
        let probe = try DataFrame(columns: filterColumns.map { name in
            let index = names.firstIndex(of: name)!
            return (name, generators[index].generate(count: rows, seed: seed, stream: streams[index]))
        })
        let randomKeep = try keep(probe)
        let prefix = try base.filtered(by: baseKeep)
        let columns = parallelMap(names.count) { index in
            generators[index].generate(count: rows, seed: seed, stream: streams[index], keeping: randomKeep, after: prefix[names[index]])
        }
        return try DataFrame(columns: Array(zip(names, columns)))
    }

    private static func values(for domain: HousePricesColumn.Domain) -> ColumnGenerator.Values {
        switch domain {
        case let .integers(range): .int64(range)
        case let .reals(range): .float64(range)
        case let .categories(values): .strings(values.map { Array($0.utf8) })
        }
    }

    /// The generator for column `name` of kind `column.kind`.
    static func generator(for name: String, in column: Column) throws -> ColumnGenerator {
        let spec = HousePricesSchema.column(named: name)
        switch (column.kind, spec?.domain) {
        case let (.numeric(.int64), .integers(range)?), let (.numeric(.int64), .reals(range)?):
            return ColumnGenerator(values: .int64(range), nullShare: spec!.missingShare)
        case let (.numeric(.float64), .integers(range)?), let (.numeric(.float64), .reals(range)?):
            return ColumnGenerator(values: .float64(range), nullShare: spec!.missingShare)
        case let (.string, .categories(values)?):
            return ColumnGenerator(values: .strings(values.map { Array($0.utf8) }), nullShare: spec!.missingShare)
        default:
            return try observedGenerator(for: name, in: column)
        }
    }

    /// A generator over what `column` holds: its range for numbers, its distinct values for text.
    private static func observedGenerator(for name: String, in column: Column) throws -> ColumnGenerator {
        let share = column.count == 0 ? 0 : Double(column.nullCount) / Double(column.count)
        switch column.kind {
        case .numeric(.int64):
            let range = try NumericColumn.range(of: column.values(as: Int64.self), validity: column.validity) ?? 0...0
            return ColumnGenerator(values: .int64(range), nullShare: share)
        case .numeric(.float64):
            let values = try column.values(as: Double.self)
            let lowest = (0..<column.count).filter { !column.isNull($0) }.map { values[$0] }.min() ?? 0
            let highest = (0..<column.count).filter { !column.isNull($0) }.map { values[$0] }.max() ?? 0
            return ColumnGenerator(values: .float64(Int64(lowest.rounded(.down))...Int64(highest.rounded(.up))), nullShare: share)
        case .string:
            let encoded = try column.dictionaryEncoded()
            let categories = encoded.categories.indices.map { index in encoded.categories.withUTF8(at: index) { Array($0) } }
            guard !categories.isEmpty else { return ColumnGenerator(values: .strings([[]]), nullShare: 1) }
            return ColumnGenerator(values: .strings(categories.sorted { $0.lexicographicallyPrecedes($1) }), nullShare: share)
        default:
            throw MLOpsError.unsupportedColumn(column: name, kind: column.kind.description, operation: "generate random rows for")
        }
    }
}
