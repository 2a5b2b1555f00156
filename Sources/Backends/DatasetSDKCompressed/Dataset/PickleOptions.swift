import DatasetSDK

/// Reads `PickleDataset`'s `save_args` into ``CompressionSettings``, with errors that name the
/// dataset, the key (`save_args.level`) and the catalog file and line.
enum PickleOptions {
    /// The keys `save_args` accepts.
    static let saveKeys: Set<String> = ["compression", "level", "workers", "checksum", "frame_size", "durable"]

    /// The settings `save_args` asks for, and whether commits must be durable (`fsync`).
    static func saveSettings(_ arguments: DatasetConfiguration) throws(DatasetError) -> (settings: CompressionSettings, durable: Bool) {
        try arguments.requireKnownOptions(saveKeys)
        let durable = try arguments.bool("durable", default: false)
        switch try arguments.string("compression") ?? "zstd" {
        case "zstd":
            break
        case "none":
            for key in ["level", "workers", "checksum", "frame_size"] where arguments.options[key] != nil {
                throw arguments.invalid(key, expected: "absent with compression: none", found: arguments.options[key]!)
            }
            return (.none, durable)
        case let other:
            throw arguments.invalid("compression", expected: "zstd or none", found: .string(other))
        }
        var settings = CompressionSettings()
        let options = arguments.reader
        settings.level = try options.int("level", in: CompressionSettings.minimumLevel...CompressionSettings.maximumLevel,
                                         expected: "a zstd level from 1 (fastest) to \(CompressionSettings.maximumLevel) (smallest), or negative down to \(CompressionSettings.minimumLevel)")
            ?? settings.level
        settings.workers = try options.int("workers", in: 0...max(CompressionSettings.maximumWorkers, 0),
                                           expected: "a number of frames compressed at once from 0 to \(CompressionSettings.maximumWorkers) (default: one per core)")
            ?? settings.workers
        settings.checksum = try options.bool("checksum", default: true)
        settings.frameSize = try options.byteSize("frame_size", in: CompressionSettings.minimumFrameSize...CompressionSettings.maximumFrameSize,
                                                  expected: "a size from 64Ki to 1Gi (default: 16Mi)") ?? settings.frameSize
        return (settings, durable)
    }

    /// The decompression threads `load_args.workers` asks for (default: one per core).
    static func loadWorkers(_ arguments: DatasetConfiguration) throws(DatasetError) -> Int {
        try arguments.reader.int("workers", in: 1...CompressionSettings.maximumWorkers,
                                 expected: "a number of decompression threads from 1 to \(CompressionSettings.maximumWorkers) (default: one per core)")
            ?? CompressionSettings.availableCores
    }
}
