import Synchronization

/// Keeps an object in this process's memory: what a pipeline uses for intermediates that have no
/// catalog entry. Saving and loading hand over blob views; nothing is copied.
public final class MemoryDataset: ConfigurableDataset {
    /// The dataset's name.
    public let name: String
    private let object = Mutex<EncodedObject?>(nil)

    public init(configuration: DatasetConfiguration) throws {
        try configuration.requireKnownOptions(["copy_mode", "metadata"])
        name = configuration.name
    }

    /// An empty memory dataset named `name`.
    public init(name: String) { self.name = name }

    public func load() async throws -> EncodedObject {
        guard let stored = object.withLock({ $0 }) else { throw DatasetError.notFound(dataset: name, location: "memory of this process") }
        return stored
    }

    public func save(_ object: EncodedObject) async throws { self.object.withLock { $0 = object } }

    public func exists() async throws -> Bool { object.withLock { $0 != nil } }

    /// Forgets the object, as Kedro does after its last consumer.
    public func release() async { object.withLock { $0 = nil } }

    public func describe() -> [String: Value] {
        ["type": "MemoryDataset", "holds": object.withLock { $0.map { .string($0.typeName) } ?? .null }]
    }
}
