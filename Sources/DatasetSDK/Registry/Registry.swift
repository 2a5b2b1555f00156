/// The dataset types and storage schemes a catalog can use, by name.
///
/// ``standard`` holds the SDK's own: `ObjectDataset`, `MemoryDataset` and `CSVDataset`, and the
/// `file` and `memory` schemes. A backend module or an application adds its own with one call:
///
/// ```swift
/// var registry = Registry.standard
/// registry.register(JSONLinesDataset.self, as: "JSONLinesDataset")
/// registry.register(scheme: "kv") { configuration in KeyValueStorage(configuration) }
/// ```
///
/// Kedro-style qualified names resolve by their last component, so `pandas.CSVDataset` and
/// `kedro_datasets.pandas.CSVDataset` find `CSVDataset`.
public struct Registry: Sendable {
    /// Makes a storage for one dataset.
    public typealias StorageFactory = @Sendable (StorageConfiguration) throws -> any Storage

    private var datasetTypes: [String: any ConfigurableDataset.Type] = [:]
    private var storageFactories: [String: StorageFactory] = [:]

    /// An empty registry.
    public init() {}

    /// The SDK's dataset types and storage schemes.
    public static var standard: Registry {
        var registry = Registry()
        registry.register(ObjectDataset.self, as: "ObjectDataset")
        registry.register(MemoryDataset.self, as: "MemoryDataset")
        registry.register(CSVDataset.self, as: "CSVDataset")
        registry.register(scheme: "file") { configuration in
            let durable = configuration.options["durable"]?.boolValue ?? false
            return FileStorage(durable: durable)
        }
        registry.register(scheme: "memory") { _ in MemoryStorage.shared }
        return registry
    }

    /// Registers (or replaces) the dataset type `type` under `name`.
    public mutating func register(_ type: any ConfigurableDataset.Type, as name: String) {
        datasetTypes[name] = type
    }

    /// Registers (or replaces) the storage for locations of `scheme` (`s3`, `gs`, ...).
    public mutating func register(scheme: String, _ factory: @escaping StorageFactory) {
        storageFactories[scheme.lowercased()] = factory
    }

    /// Registered dataset type names, sorted.
    public var datasetTypeNames: [String] { datasetTypes.keys.sorted() }

    /// Registered storage schemes, sorted.
    public var storageSchemes: [String] { storageFactories.keys.sorted() }

    /// The dataset type registered as `name` (or as its last dotted component).
    ///
    /// - Throws: ``RegistryError/unknownDatasetType(_:known:suggestion:)`` listing the known
    ///   names and the nearest one.
    public func datasetType(named name: String) throws(RegistryError) -> any ConfigurableDataset.Type {
        if let type = datasetTypes[name] { return type }
        if let last = name.split(separator: ".").last, let type = datasetTypes[String(last)] { return type }
        throw .unknownDatasetType(name, known: datasetTypeNames, suggestion: Suggestion.nearest(to: String(name.split(separator: ".").last ?? Substring(name)), in: datasetTypeNames))
    }

    /// Creates a dataset of type `typeName` from `configuration`.
    public func makeDataset(type typeName: String, configuration: DatasetConfiguration) throws -> any Dataset {
        try datasetType(named: typeName).init(configuration: configuration)
    }

    /// The storage for `scheme`, configured for one dataset.
    ///
    /// - Throws: ``RegistryError/unknownScheme(_:known:dataset:)`` for an unregistered scheme.
    public func storage(for scheme: String, configuration: StorageConfiguration) throws -> any Storage {
        guard let factory = storageFactories[scheme.lowercased()] else {
            throw RegistryError.unknownScheme(scheme, known: storageSchemes, dataset: configuration.dataset)
        }
        return try factory(configuration)
    }

}

/// A name that is not registered.
public enum RegistryError: Error, Sendable, CustomStringConvertible {
    /// No dataset type has this name.
    case unknownDatasetType(String, known: [String], suggestion: String?)
    /// No storage is registered for this URL scheme.
    case unknownScheme(String, known: [String], dataset: String)

    public var description: String {
        switch self {
        case let .unknownDatasetType(name, known, suggestion):
            "unknown dataset type '\(name)'\(suggestion.map { "; did you mean '\($0)'?" } ?? ""); registered types: \(known.joined(separator: ", "))"
        case let .unknownScheme(scheme, known, dataset):
            "no storage for '\(scheme)://' locations (dataset '\(dataset)'); registered schemes: \(known.joined(separator: ", "))"
                + (scheme == "s3" ? "; register S3 with `registry.registerS3()` after `import DatasetSDKS3` (or use `Registry.withS3`)" : "; register one with `registry.register(scheme:)`")
        }
    }
}
