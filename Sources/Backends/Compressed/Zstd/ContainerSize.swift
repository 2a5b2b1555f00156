import DatasetSDK

/// The exact size of an object's container, known before writing it, so that the zstd frame
/// header can record it.
///
/// The size depends on the blobs' CRC-32s (the metadata stores them as varints), so it is found
/// by a dry run of the container writer into a writer that discards the bytes: one CRC pass over
/// the blobs (about 8 GB/s), a few percent of compressing them. The object must already have its
/// final `id` (its length, not its value, matters).
enum ContainerSize {
    static func of(_ object: EncodedObject) async throws -> Int {
        try await Container.write(object, to: DiscardingWriter())
    }

    private final class DiscardingWriter: StorageWriter {
        func write(_ blob: Blob) async throws {}
        func commit() async throws {}
        func abort() async {}
    }
}
