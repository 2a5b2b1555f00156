import DatasetSDK

/// The raw input: `train.csv` read like ``CSVDataset`` when the file exists, else the 1,460 base
/// rows generated from ``HousePricesSchema`` (seeded), so the example runs on a fresh clone.
///
/// ```yaml
/// house_prices:
///   type: HousePricesDataset
///   filepath: ${env:HOUSE_PRICES_CSV, data/01_raw/train.csv}
///   generate: {rows: 1460, seed: 42}     # optional; these are the defaults
/// ```
///
/// Saving writes CSV like ``CSVDataset``.
public struct HousePricesDataset: ConfigurableDataset {
    /// The dataset's name.
    public let name: String
    private let csv: CSVDataset
    private let rows: Int
    private let seed: UInt64

    public init(configuration: DatasetConfiguration) throws {
        name = configuration.name
        var options = configuration.options
        let generate = options.removeValue(forKey: "generate")?.mapValue ?? [:]
        for key in generate.keys where key != "rows" && key != "seed" {
            throw configuration.invalid("generate.\(key)", expected: "only rows and seed", found: generate[key]!)
        }
        rows = generate["rows"]?.intValue ?? HousePricesSchema.baseRowCount
        seed = UInt64(generate["seed"]?.intValue ?? Int(HousePricesGenerator.defaultSeed))
        csv = try CSVDataset(configuration: DatasetConfiguration(
            name: configuration.name, options: options, credentials: configuration.credentials,
            registry: configuration.registry, source: configuration.source))
    }

    public func load() async throws -> EncodedObject {
        if try await csv.exists() { return try await csv.load() }
        RunLog.standardError("dataset '\(name)': no file at \(csv.location); using \(rows) generated base rows (seed \(seed))")
        return HousePricesGenerator.baseRows(rows, seed: seed).encoded()
    }

    public func save(_ object: EncodedObject) async throws { try await csv.save(object) }

    /// Always true: without a file the rows are generated.
    public func exists() async throws -> Bool { true }

    public func release() async {}

    public func describe() -> [String: Value] {
        var description = csv.describe()
        description["type"] = "HousePricesDataset"
        description["generate"] = .map(["rows": .int(Int64(rows)), "seed": .int(Int64(seed))])
        return description
    }
}
