import DatasetSDK

/// The `.dso.zst` format: a `.dso` container compressed as standard zstd frames ending with a
/// seek table (zstd's seekable format), so that `zstd -d` plus any container reader reads it.
/// docs/format.md section 5 specifies it.
///
/// ```swift
/// let writer = try await FileStorage().makeWriter(for: StorageLocation("frame.dso.zst"))
/// try await CompressedContainer.write(frame.encoded(), to: writer, settings: CompressionSettings(level: 3), destination: "frame.dso.zst")
/// try await writer.commit()
/// let object = try CompressedContainer.read(try await FileStorage().read(StorageLocation("frame.dso.zst")), source: "frame.dso.zst")
/// ```
public enum CompressedContainer {
    /// What a stored file holds, by its first bytes.
    public enum Kind: Sendable, Hashable {
        /// A zstd frame (or a zstd skippable frame).
        case zstd
        /// A plain `.dso` container (written with `compression: none`).
        case container
        /// Neither.
        case unknown
    }

    /// The sizes of one write.
    public struct WriteSummary: Sendable, Hashable {
        /// Bytes of the (uncompressed) container.
        public var containerBytes: Int
        /// Bytes handed to the storage writer: the compressed file's size.
        public var storedBytes: Int
    }

    /// Streams `object` as a compressed container into `writer` (the caller commits or aborts;
    /// committing `writer` is enough: the frames and the seek table are ended by this call).
    ///
    /// The container is streamed through a ``ZstdCompressingWriter``: the blobs are cut, as
    /// views, into frames of ``CompressionSettings/effectiveFrameSize`` bytes that are compressed
    /// in parallel, each recording its size, and go on to `writer` in order, so neither the whole
    /// container nor the whole compressed file is ever in memory.
    /// With ``CompressionSettings/none`` the plain container is written instead.
    ///
    /// - Parameter destination: names the file in errors.
    /// - Throws: ``CompressionError`` for bad settings or a libzstd failure; what `writer` throws.
    @discardableResult
    public static func write(
        _ object: EncodedObject, to writer: any StorageWriter, settings: CompressionSettings, destination: String
    ) async throws -> WriteSummary {
        guard settings.compresses else {
            let size = try await Container.write(object, to: writer)
            return WriteSummary(containerBytes: size, storedBytes: size)
        }
        let compressing = try ZstdCompressingWriter(wrapping: FrameEndingWriter(writer), settings: settings, destination: destination)
        do {
            let size = try await Container.write(object, to: compressing)
            try await compressing.commit()  // ends the frames; FrameEndingWriter leaves the commit to the caller
            return WriteSummary(containerBytes: size, storedBytes: compressing.compressedBytes)
        } catch {
            await compressing.abort()  // waits for frames still compressing; the caller aborts `writer`
            throw error
        }
    }

    /// The decompressed container bytes of `file` (a zstd frame, or a plain container returned
    /// as it is), in one 64-byte aligned buffer.
    ///
    /// - Throws: ``CompressionError`` naming `source`.
    public static func decompress(_ file: Blob, source: String, workers: Int = CompressionSettings.availableCores) throws(CompressionError) -> Blob {
        if kind(of: file) == .container { return file }
        return try ZstdDecompressor.decompress(file, source: source, workers: workers).content
    }

    /// Decodes the compressed (or plain) container in `file`; blobs are views of the one
    /// decompressed buffer (no copy after decompression).
    ///
    /// - Parameters:
    ///   - source: names the file in errors.
    ///   - verifyingChecksums: verify the content. A zstd content checksum, when the frame has
    ///     one, is always verified and covers every byte of the container, so the blobs' CRC-32s
    ///     are then not checked again; without one (`checksum: false`, or a plain container),
    ///     every blob's CRC-32 is checked. False skips the CRC-32s in every case.
    ///   - workers: threads decompressing frames at once (one per core by default).
    /// - Throws: ``CompressionError`` when the frame is bad; `ContainerError` when the
    ///   decompressed bytes are not a valid container.
    public static func read(
        _ file: Blob, source: String, verifyingChecksums: Bool = true, workers: Int = CompressionSettings.availableCores
    ) throws -> EncodedObject {
        if kind(of: file) == .container { return try Container.read(file, source: source, verifyingChecksums: verifyingChecksums) }
        let decompressed = try ZstdDecompressor.decompress(file, source: source, workers: workers)
        return try Container.read(decompressed.content, source: source, verifyingChecksums: verifyingChecksums && !decompressed.checksummed)
    }

    /// What `file` holds, by its first four bytes.
    public static func kind(of file: Blob) -> Kind { file.withUnsafeBytes { kind(of: $0) } }

    static func kind(of bytes: UnsafeRawBufferPointer) -> Kind {
        guard bytes.count >= 4 else { return .unknown }
        let magic = bytes.loadUnaligned(as: UInt32.self).littleEndian
        if magic == ZstdMagic.frame || ZstdMagic.isSkippable(magic) { return .zstd }
        if bytes.starts(with: [0x89, 0x44, 0x53, 0x4F]) { return .container }
        return .unknown
    }
}

/// Passes writes on but not the commit: ``CompressedContainer/write(_:to:settings:destination:)``
/// ends the frame and leaves committing the storage writer to its caller.
private final class FrameEndingWriter: StorageWriter {
    private let wrapped: any StorageWriter
    init(_ wrapped: any StorageWriter) { self.wrapped = wrapped }
    func write(_ blob: Blob) async throws { try await wrapped.write(blob) }
    func commit() async throws {}
    func abort() async {}
}
