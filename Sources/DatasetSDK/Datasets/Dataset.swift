/// One entry of a catalog: something that loads and saves one object.
///
/// Datasets move objects in their encoded form (``EncodedObject``: metadata plus blob views); the
/// catalog turns them into typed values. The protocol follows Kedro's `AbstractDataset`:
/// `load`, `save`, `exists`, `release`, `describe`.
public protocol Dataset: Sendable {
    /// Loads the object.
    ///
    /// - Throws: ``DatasetError`` naming the dataset, e.g. ``DatasetError/notFound(dataset:location:)``.
    func load() async throws -> EncodedObject

    /// Saves `object`, replacing what was stored; readers see the old object or the new one.
    func save(_ object: EncodedObject) async throws

    /// Whether an object is stored.
    func exists() async throws -> Bool

    /// Drops what this dataset caches in memory (the stored object stays).
    func release() async

    /// What the dataset is, for `catalog describe-datasets` and logs. Never contains secrets.
    func describe() -> [String: Value]
}

/// A dataset type that a ``Registry`` can create from a catalog entry.
///
/// ```swift
/// struct JSONLinesDataset: ConfigurableDataset {
///     let location: StorageLocation
///     let storage: any Storage
///     init(configuration: DatasetConfiguration) throws {
///         location = try configuration.location()
///         storage = try configuration.storage(for: location)
///     }
///     ...
/// }
/// registry.register(JSONLinesDataset.self, as: "JSONLinesDataset")
/// ```
public protocol ConfigurableDataset: Dataset {
    /// Creates the dataset from its catalog entry. Throw ``DatasetError`` for bad options.
    init(configuration: DatasetConfiguration) throws
}
