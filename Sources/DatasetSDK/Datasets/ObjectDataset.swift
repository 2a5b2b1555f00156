/// Stores one object as a `.dso` container on any storage (`file`, `memory`, `s3`, ...).
///
/// ```yaml
/// house_prices_clean:
///   type: ObjectDataset
///   filepath: data/03_primary/house_prices_clean.dso
///   load_args: {verify_checksums: true}   # default; false maps without reading (O(1) load)
///   save_args: {durable: false}           # true: fsync before the rename
/// ```
///
/// Loading from a file maps it: blob views point into the mapping, nothing is copied. By default
/// every blob's CRC-32 is verified on load (one read of the bytes, ~8 GB/s), so a corrupted file
/// is an error rather than silent garbage; `verify_checksums: false` skips that for O(1) loads.
/// Saving streams the blobs into a temporary file renamed over the target, so a crash never
/// leaves a torn file and never loses the previous version.
public struct ObjectDataset: ConfigurableDataset {
    /// The dataset's name.
    public let name: String
    /// Where the container lives.
    public let location: StorageLocation
    private let storage: any Storage
    private let verifyChecksums: Bool

    public init(configuration: DatasetConfiguration) throws {
        try configuration.requireKnownOptions(["filepath", "load_args", "save_args", "credentials", "fs_args", "metadata"])
        name = configuration.name
        location = try configuration.location()
        let loadArguments = try configuration.nested("load_args")
        try loadArguments.requireKnownOptions(["verify_checksums"])
        verifyChecksums = try loadArguments.bool("verify_checksums", default: true)
        let saveArguments = try configuration.nested("save_args")
        try saveArguments.requireKnownOptions(["durable"])
        let durable = try saveArguments.bool("durable", default: false)
        storage = try configuration.storage(for: location, overrides: durable ? ["durable": true] : [:])
    }

    /// An object dataset at `location` on `storage`.
    public init(name: String, location: StorageLocation, storage: any Storage, verifyChecksums: Bool = true) {
        self.name = name
        self.location = location
        self.storage = storage
        self.verifyChecksums = verifyChecksums
    }

    public func load() async throws -> EncodedObject {
        let file = try await storage.read(location, forDataset: name)
        do { return try Container.read(file, source: location.description, verifyingChecksums: verifyChecksums) } catch {
            throw DatasetError.failed(dataset: name, operation: "load", underlying: error)
        }
    }

    public func save(_ object: EncodedObject) async throws {
        try await storage.write(location, forDataset: name) { writer in
            try await Container.write(object, to: writer)
        }
    }

    public func exists() async throws -> Bool { try await storage.exists(location) }

    public func release() async {}

    public func describe() -> [String: Value] {
        ["type": "ObjectDataset", "filepath": .string(location.description), "verify_checksums": .bool(verifyChecksums)]
    }
}
