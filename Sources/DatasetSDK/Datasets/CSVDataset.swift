/// Reads and writes a ``DataFrame`` as CSV on any storage, like Kedro's `pandas.CSVDataset`.
///
/// ```yaml
/// house_prices:
///   type: CSVDataset
///   filepath: data/01_raw/train.csv
///   load_args: {sep: ",", na_values: ["", "NA"]}
///   save_args: {na_rep: ""}
/// ```
///
/// Loading infers each column's type as pandas does: Int64 when every value is present and an
/// integer, Double when every present value is a number (an integer column with nulls is Double),
/// String otherwise; `NA` and empty fields are null. Loading parses (O(bytes)); saving streams the
/// text in chunks.
public struct CSVDataset: ConfigurableDataset {
    /// The dataset's name.
    public let name: String
    /// Where the CSV file lives.
    public let location: StorageLocation
    private let storage: any Storage
    private let loadOptions: CSVOptions
    private let saveOptions: CSVOptions

    public init(configuration: DatasetConfiguration) throws {
        try configuration.requireKnownOptions(["filepath", "load_args", "save_args", "credentials", "fs_args", "metadata"])
        name = configuration.name
        location = try configuration.location()
        storage = try configuration.storage(for: location)
        loadOptions = try CSVOptions(loadArguments: configuration.reader.nested("load_args"))
        saveOptions = try CSVOptions(saveArguments: configuration.reader.nested("save_args"))
    }

    public func load() async throws -> EncodedObject {
        let file = try await storage.read(location, forDataset: name)
        do {
            let frame = try file.withUnsafeBytes { (bytes) throws(CSVError) in
                try CSVReader.read(bytes, source: location.description, options: loadOptions)
            }
            return frame.encoded()
        } catch { throw DatasetError.failed(dataset: name, operation: "load", underlying: error) }
    }

    public func save(_ object: EncodedObject) async throws {
        guard object.typeName == DataFrame.typeName else {
            throw DatasetError.unsupportedObject(
                dataset: name, datasetType: "CSVDataset", objectType: object.typeName,
                hint: "CSV holds data frames; use ObjectDataset for other objects")
        }
        let frame: DataFrame
        do { frame = try DataFrame(decoding: object) } catch {
            throw DatasetError.failed(dataset: name, operation: "save", underlying: error)
        }
        try await storage.write(location, forDataset: name) { writer in
            try await CSVWriter.write(frame, options: saveOptions) { chunk in try await writer.write(chunk) }
        }
    }

    public func exists() async throws -> Bool { try await storage.exists(location) }

    public func release() async {}

    public func describe() -> [String: Value] {
        ["type": "CSVDataset", "filepath": .string(location.description)]
    }
}
