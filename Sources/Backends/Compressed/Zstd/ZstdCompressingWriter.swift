import CZstd
import DatasetSDK

/// A ``StorageWriter`` that compresses everything written to it into one zstd frame and streams
/// the compressed bytes to another writer.
///
/// Input blobs are fed to `ZSTD_compressStream2` as they arrive and compressed output is handed
/// on in chunks of ``chunkSize`` bytes, so memory stays bounded by zstd's window and job buffers
/// plus one chunk: neither the whole uncompressed stream nor the whole compressed one is ever
/// held. With ``CompressionSettings/workers`` ≥ 1, zstd's worker threads compress while the
/// caller feeds them.
///
/// ```swift
/// let file = try await FileStorage().makeWriter(for: StorageLocation("frame.dso.zst"))
/// let writer = try ZstdCompressingWriter(wrapping: file, settings: CompressionSettings(level: 3), destination: "frame.dso.zst")
/// try await Container.write(frame.encoded(), to: writer)
/// try await writer.commit()   // ends the frame, then commits the file
/// ```
public final class ZstdCompressingWriter: StorageWriter {
    /// Compressed bytes handed to the wrapped writer per call (the last chunk may be shorter).
    public static let chunkSize = 4 << 20

    /// Uncompressed bytes written so far.
    public private(set) var uncompressedBytes = 0
    /// Compressed bytes handed to the wrapped writer so far (the whole file after ``commit()``).
    public private(set) var compressedBytes = 0

    private let destination: any StorageWriter
    private let destinationName: String
    private let context: OpaquePointer
    private var chunk = HeapBuffer(byteCount: ZstdCompressingWriter.chunkSize)
    private var filled = 0

    /// A writer that compresses into `destination`.
    ///
    /// - Parameters:
    ///   - destination: receives the compressed bytes; ``commit()`` and ``abort()`` pass on to it.
    ///   - settings: level, workers and checksum (``CompressionSettings/compresses`` is ignored:
    ///     this writer always compresses).
    ///   - contentSize: the exact number of bytes that will be written, recorded in the frame
    ///     header so that readers can allocate the decompressed size up front; nil records none.
    ///     Writing a different number of bytes makes ``commit()`` fail.
    ///   - destinationName: names the file in errors.
    /// - Throws: ``CompressionError/invalidSetting(name:value:reason:)`` for a setting libzstd refuses.
    public init(
        wrapping destination: any StorageWriter, settings: CompressionSettings, contentSize: Int? = nil, destination destinationName: String
    ) throws(CompressionError) {
        try settings.validate()
        guard let context = ZSTD_createCCtx() else { throw .outOfMemory(source: destinationName, bytes: 0) }
        self.context = context
        self.destination = destination
        self.destinationName = destinationName
        let parameters: [(ZSTD_cParameter, String, Int)] = [
            (ZSTD_c_compressionLevel, "level", settings.level),
            (ZSTD_c_checksumFlag, "checksum", settings.checksum ? 1 : 0),
            (ZSTD_c_contentSizeFlag, "content_size", 1),
            (ZSTD_c_nbWorkers, "workers", settings.workers),
        ]
        for (parameter, name, value) in parameters {
            let result = ZSTD_CCtx_setParameter(context, parameter, Int32(clamping: value))
            guard ZSTD_isError(result) == 0 else {
                ZSTD_freeCCtx(context)
                throw .invalidSetting(name: name, value: value, reason: ZstdErrors.name(result))
            }
        }
        if let contentSize {
            let result = ZSTD_CCtx_setPledgedSrcSize(context, UInt64(contentSize))
            guard ZSTD_isError(result) == 0 else {
                ZSTD_freeCCtx(context)
                throw .invalidSetting(name: "content_size", value: contentSize, reason: ZstdErrors.name(result))
            }
        }
    }

    deinit { ZSTD_freeCCtx(context) }

    /// Compresses the bytes of `blob`, handing full chunks of output to the wrapped writer.
    public func write(_ blob: Blob) async throws {
        uncompressedBytes += blob.count
        var consumed = 0
        while consumed < blob.count {
            consumed = try blob.withUnsafeBytes { (raw) throws(CompressionError) in
                try compress(raw, from: consumed, ending: false).consumed
            }
            if filled == Self.chunkSize { try await forward() }
        }
    }

    /// Ends the frame, hands the rest of the output to the wrapped writer and commits it.
    public func commit() async throws {
        var finished = false
        while !finished {
            finished = try compress(UnsafeRawBufferPointer(start: nil, count: 0), from: 0, ending: true).finished
            if filled == Self.chunkSize || (finished && filled > 0) { try await forward() }
        }
        try await destination.commit()
    }

    /// Discards the frame and aborts the wrapped writer.
    public func abort() async {
        ZSTD_CCtx_reset(context, ZSTD_reset_session_only)
        await destination.abort()
    }

    /// Runs `ZSTD_compressStream2` over `input[from...]` until the input is consumed or the
    /// chunk is full (or, when `ending`, until the frame is complete or the chunk is full).
    private func compress(_ input: UnsafeRawBufferPointer, from start: Int, ending: Bool) throws(CompressionError) -> (consumed: Int, finished: Bool) {
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: start)
        var target = ZSTD_outBuffer(dst: UnsafeMutableRawPointer(mutating: chunk.bytes.baseAddress!), size: Self.chunkSize, pos: filled)
        var finished = false
        repeat {
            let remaining = ZSTD_compressStream2(context, &target, &source, ending ? ZSTD_e_end : ZSTD_e_continue)
            guard ZSTD_isError(remaining) == 0 else {
                filled = target.pos
                throw .compressionFailed(source: destinationName, reason: ZstdErrors.name(remaining))
            }
            finished = ending && remaining == 0
        } while !finished && target.pos < target.size && (ending || source.pos < source.size)
        filled = target.pos
        return (source.pos, finished)
    }

    /// Hands the filled part of the chunk to the wrapped writer. The chunk is reused when the
    /// writer did not keep it (a file writer copies it out), else a fresh one is allocated.
    private func forward() async throws {
        try await destination.write(Blob(owner: chunk, offset: 0, count: filled))
        compressedBytes += filled
        filled = 0
        if !isKnownUniquelyReferenced(&chunk) { chunk = HeapBuffer(byteCount: Self.chunkSize) }
    }
}
