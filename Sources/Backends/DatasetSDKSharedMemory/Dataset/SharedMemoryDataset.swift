import DatasetSDK

/// Saves and loads objects through the shared-memory store: zero-copy between the processes of
/// one machine, no daemon.
///
/// ```yaml
/// "{name}":
///   type: SharedMemoryDataset
///   store: /dev/shm/datasetsdk-1000/default   # default: $DATASETS_SHM_STORE, else /dev/shm/datasetsdk-<uid>/default
///   size: 8Gi                                 # capacity of the store (optional)
///   eviction: none                            # lru: evict unnamed, unpinned objects when full;
///                                             # tier: evict objects whose current copy is in the tier
///   object_name: house_prices                 # default: the dataset's name
///   tier: s3://bucket/prefix/                 # optional: the shared tier across nodes (docs/tier.md)
///   credentials: dev_s3                       # the tier's credentials, with fs_args for its S3 options
///   verify: false                             # true: check every blob's CRC-32 on each load
/// ```
///
/// A load maps the object's files (microseconds, whatever the size); a save references the blobs
/// that already live in the store (a frame loaded from it and saved with two columns dropped
/// copies nothing) and writes the rest once.
///
/// With a `tier`, a save also writes the object to the tier before it returns (only segments
/// the tier lacks, then the name's record), and a load serves the tier's current copy: mapped
/// when this node holds it, else fetched once into this node's store.
public struct SharedMemoryDataset: ConfigurableDataset {
    /// The dataset's name.
    public let name: String
    /// The object's name in the store.
    public let objectName: String
    /// The store.
    public let store: SharedMemoryStore
    /// The shared tier, when configured.
    public let tier: StoreTier?
    /// Whether each load checks the CRC-32 of every blob (`verify: true`; default false: a
    /// load only maps). `datasets store verify` checks a whole store.
    public let verifiesLoads: Bool

    public init(configuration: DatasetConfiguration) throws {
        try configuration.requireKnownOptions(["store", "size", "eviction", "object_name", "tier", "credentials", "fs_args", "metadata", "verify"])
        name = configuration.name
        verifiesLoads = try configuration.bool("verify", default: false)
        objectName = try configuration.string("object_name") ?? configuration.name
        let capacity = try configuration.reader.byteSize("size")
        let evictionName = try configuration.string("eviction") ?? "none"
        guard let eviction = StoreEviction(rawValue: evictionName) else {
            throw configuration.invalid("eviction", expected: "none, lru or tier", found: .string(evictionName))
        }
        if let url = try configuration.string("tier") {
            let location: StorageLocation
            do { location = try StorageLocation(url) } catch {
                throw configuration.invalid("tier", expected: "a location such as s3://bucket/prefix/", found: .string(url))
            }
            tier = try StoreTier(url: url, storage: configuration.storage(for: location))
        } else {
            guard eviction != .tier else {
                throw configuration.invalid("eviction", expected: "none or lru (eviction: tier needs a tier: location)", found: .string(evictionName))
            }
            tier = nil
        }
        do {
            try StoreLayout.validate(objectName)
            store = try SharedMemoryStore.open(at: configuration.string("store"), capacity: capacity, eviction: eviction)
        } catch let error as StoreError {
            throw DatasetError.failed(dataset: name, operation: "open the store", underlying: error)
        }
    }

    /// A dataset for object `objectName` of `store`, over `tier` when given; `verifyingLoads`
    /// checks every blob's CRC-32 on each load.
    public init(name: String, objectName: String? = nil, store: SharedMemoryStore, tier: StoreTier? = nil, verifyingLoads: Bool = false) {
        verifiesLoads = verifyingLoads
        self.name = name
        self.objectName = objectName ?? name
        self.store = store
        self.tier = tier
    }

    public func load() async throws -> EncodedObject {
        do {
            let object: EncodedObject
            if let tier { object = try await store.load(objectName, from: tier) } else { object = try store.get(objectName) }
            if verifiesLoads { try store.requireIntact(object.id, name: objectName) }
            return object
        } catch StoreError.notFound {
            throw DatasetError.notFound(dataset: name, location: "shared-memory store \(store.path)\(tier.map { " (tier \($0.url))" } ?? ""), object '\(objectName)'")
        } catch { throw DatasetError.failed(dataset: name, operation: "load", underlying: error) }
    }

    public func save(_ object: EncodedObject) async throws {
        do {
            let id = try store.put(object, as: objectName)
            if let tier { try await store.upload(id, as: objectName, to: tier) }
        } catch {
            throw DatasetError.failed(dataset: name, operation: "save", underlying: error)
        }
    }

    public func exists() async throws -> Bool {
        guard let tier else { return try store.contains(objectName) }
        return try await tier.storage.exists(tier.recordLocation(objectName))
    }

    public func release() async {}

    public func describe() -> [String: Value] {
        ["type": "SharedMemoryDataset", "store": .string(store.path), "object_name": .string(objectName),
         "size": store.capacity.map { .int(Int64($0)) } ?? .null, "eviction": .string(store.eviction.rawValue), "tier": tier.map { .string($0.url) } ?? .null, "verify": .bool(verifiesLoads)]
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
