import DatasetSDK

/// Saves and loads objects through the shared-memory store: zero-copy between the processes of
/// one machine, no daemon.
///
/// ```yaml
/// "{name}":
///   type: SharedMemoryDataset
///   store: /dev/shm/datasetsdk-1000/default   # default: $DATASETS_SHM_STORE, else /dev/shm/datasetsdk-<uid>/default
///   size: 8Gi                                 # capacity of the store (optional)
///   eviction: none                            # or lru: evict unnamed, unpinned objects when full
///   object_name: house_prices                 # default: the dataset's name
/// ```
///
/// A load maps the object's files (microseconds, whatever the size); a save references the blobs
/// that already live in the store (a frame loaded from it and saved with two columns dropped
/// copies nothing) and writes the rest once.
public struct SharedMemoryDataset: ConfigurableDataset {
    /// The dataset's name.
    public let name: String
    /// The object's name in the store.
    public let objectName: String
    /// The store.
    public let store: SharedMemoryStore

    public init(configuration: DatasetConfiguration) throws {
        try configuration.requireKnownOptions(["store", "size", "eviction", "object_name", "metadata"])
        name = configuration.name
        objectName = try configuration.string("object_name") ?? configuration.name
        let capacity: Int?
        switch configuration.options["size"] {
        case nil, .null?: capacity = nil
        case let value?:
            guard let bytes = ByteSize.parse(value) else {
                throw configuration.invalid("size", expected: "a size such as 8Gi, 512Mi, 2G or a number of bytes", found: value)
            }
            capacity = bytes
        }
        let eviction = try configuration.string("eviction") ?? "none"
        guard eviction == "none" || eviction == "lru" else {
            throw configuration.invalid("eviction", expected: "none or lru", found: .string(eviction))
        }
        do {
            try StoreLayout.validate(objectName)
            store = try SharedMemoryStore.open(at: configuration.string("store"), capacity: capacity, evictsLeastRecentlyUsed: eviction == "lru")
        } catch let error as StoreError {
            throw DatasetError.failed(dataset: name, operation: "open the store", underlying: error)
        }
    }

    /// A dataset for object `objectName` of `store`.
    public init(name: String, objectName: String? = nil, store: SharedMemoryStore) {
        self.name = name
        self.objectName = objectName ?? name
        self.store = store
    }

    public func load() async throws -> EncodedObject {
        do { return try store.get(objectName) } catch StoreError.notFound {
            throw DatasetError.notFound(dataset: name, location: "shared-memory store \(store.path), object '\(objectName)'")
        } catch { throw DatasetError.failed(dataset: name, operation: "load", underlying: error) }
    }

    public func save(_ object: EncodedObject) async throws {
        do { try store.put(object, as: objectName) } catch {
            throw DatasetError.failed(dataset: name, operation: "save", underlying: error)
        }
    }

    public func exists() async throws -> Bool { try store.contains(objectName) }

    public func release() async {}

    public func describe() -> [String: Value] {
        ["type": "SharedMemoryDataset", "store": .string(store.path), "object_name": .string(objectName),
         "size": store.capacity.map { .int(Int64($0)) } ?? .null, "eviction": .string(store.evictsLeastRecentlyUsed ? "lru" : "none")]
    }
}

extension Registry {
    /// Registers `SharedMemoryDataset`.
    public mutating func registerSharedMemory() {
        register(SharedMemoryDataset.self, as: "SharedMemoryDataset")
    }

    /// The standard registry plus the shared-memory store.
    public static var withSharedMemory: Registry {
        var registry = Registry.standard
        registry.registerSharedMemory()
        return registry
    }
}
