import DatasetSDK

/// Stores one object as a zstd-compressed `.dso` container on any storage (`file`, `memory`,
/// `s3`, ...): the analogue of Kedro's pickle dataset with a compressing backend, for any
/// ``DatasetObject`` or `Codable` value.
///
/// ```yaml
/// y_train:
///   type: PickleDataset
///   filepath: data/05_model_input/y_train.dso.zst
///   save_args:
///     level: 3          # zstd level, 1 (fastest) to 22 (smallest); default 3
///     workers: 2        # frames compressed at once; default: one per core; 0: the calling thread
///     checksum: true    # zstd content checksum per frame, verified on load; default true
///     frame_size: 16Mi  # uncompressed bytes per independent zstd frame; default 16Mi
///     compression: zstd # or none: a plain .dso container, as ObjectDataset writes
///     durable: false    # true: fsync before the rename (file storage)
///   load_args:
///     verify_checksums: true  # default; see below
///     workers: 2              # frames decompressed at once; default: one per core
/// ```
///
/// Saving cuts the container into frames (views of the blobs, not copies), compresses them in
/// parallel and streams them in order into the storage writer, followed by a seek table:
/// neither the whole container nor the whole compressed file is held in memory. Loading reads
/// the stored bytes (a file is mapped), decompresses the frames in parallel into one 64-byte
/// aligned buffer of the exact size and decodes the container in place: blobs are views of
/// that buffer. A load accepts a plain
/// container too, so switching `compression` never strands saved data.
///
/// Integrity: the zstd content checksum (on by default) is verified on every load and covers
/// every byte of the container, so the container's blob CRC-32s are not read again; with
/// `checksum: false` (or a plain container) `verify_checksums: true` checks every blob's CRC-32.
/// `verify_checksums: false` skips the CRC-32s in every case.
public struct PickleDataset: ConfigurableDataset {
    /// The dataset's name.
    public let name: String
    /// Where the compressed container lives.
    public let location: StorageLocation
    /// How saves compress.
    public let settings: CompressionSettings
    /// Whether loads verify the content: the frame's checksum when it has one, else every blob's CRC-32.
    public let verifyChecksums: Bool
    /// Frames decompressed at once on load.
    public let loadWorkers: Int
    private let storage: any Storage

    /// A dataset from its catalog entry (`filepath`, `save_args`, `load_args`, `fs_args`,
    /// `credentials`, `metadata`).
    ///
    /// - Throws: ``DatasetError`` naming the entry's file, line and key for an unknown or
    ///   invalid option; `RegistryError` for an unregistered storage scheme.
    public init(configuration: DatasetConfiguration) throws {
        try configuration.requireKnownOptions(["filepath", "load_args", "save_args", "credentials", "fs_args", "metadata"])
        name = configuration.name
        location = try configuration.location()
        let loadArguments = try configuration.nested("load_args")
        try loadArguments.requireKnownOptions(["verify_checksums", "workers"])
        verifyChecksums = try loadArguments.bool("verify_checksums", default: true)
        loadWorkers = try PickleOptions.loadWorkers(loadArguments)
        let (settings, durable) = try PickleOptions.saveSettings(try configuration.nested("save_args"))
        self.settings = settings
        storage = try configuration.storage(for: location, overrides: durable ? ["durable": true] : [:])
    }

    /// A dataset at `location` on `storage` that saves with `settings` and loads with
    /// `loadWorkers` threads.
    ///
    /// - Throws: ``CompressionError/invalidSetting(name:value:reason:)`` for settings libzstd refuses.
    public init(
        name: String, location: StorageLocation, storage: any Storage, settings: CompressionSettings = CompressionSettings(),
        verifyChecksums: Bool = true, loadWorkers: Int = CompressionSettings.availableCores
    ) throws(CompressionError) {
        try settings.validate()
        guard (1...CompressionSettings.maximumWorkers).contains(loadWorkers) else {
            throw .invalidSetting(name: "workers", value: loadWorkers, reason: "from 1 to \(CompressionSettings.maximumWorkers) decompression threads")
        }
        self.loadWorkers = loadWorkers
        self.name = name
        self.location = location
        self.storage = storage
        self.settings = settings
        self.verifyChecksums = verifyChecksums
    }

    /// Reads, decompresses and decodes the object.
    ///
    /// - Throws: ``DatasetError/notFound(dataset:location:)``, or ``DatasetError/failed(dataset:operation:underlying:)``
    ///   wrapping a ``CompressionError`` (bad frame) or a `ContainerError` (bad container).
    public func load() async throws -> EncodedObject {
        let file = try await storage.read(location, forDataset: name)
        do { return try CompressedContainer.read(file, source: location.description, verifyingChecksums: verifyChecksums, workers: loadWorkers) } catch {
            throw DatasetError.failed(dataset: name, operation: "load", underlying: error)
        }
    }

    /// Compresses `object` into the storage; on failure what was stored before stays.
    public func save(_ object: EncodedObject) async throws {
        try await storage.write(location, forDataset: name) { writer in
            try await CompressedContainer.write(object, to: writer, settings: settings, destination: location.description)
        }
    }

    public func exists() async throws -> Bool { try await storage.exists(location) }

    public func release() async {}

    public func describe() -> [String: Value] {
        var description: [String: Value] = [
            "type": "PickleDataset", "filepath": .string(location.description),
            "compression": .string(settings.compresses ? "zstd" : "none"), "verify_checksums": .bool(verifyChecksums),
        ]
        if settings.compresses {
            description["level"] = .int(Int64(settings.level))
            description["workers"] = .int(Int64(settings.workers))
            description["checksum"] = .bool(settings.checksum)
            description["frame_size"] = .int(Int64(settings.effectiveFrameSize))
        }
        return description
    }
}
