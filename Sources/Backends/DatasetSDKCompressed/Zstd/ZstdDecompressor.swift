import CZstd
import DatasetSDK

/// Decompresses zstd frames from one blob into one page-aligned buffer.
///
/// When every frame records its content size (DatasetSDK's frames do), the buffer is allocated
/// at exactly the total and the frames are decoded in parallel, each straight into its place
/// (``ZstdFrameDecoder``). Otherwise (frames written by other tools from a pipe) one stream
/// decoder starts from a guess and grows the buffer in place. Concatenated frames decode into
/// one buffer, as `zstd -d` does; skippable frames (the seek table) hold no content.
enum ZstdDecompressor {
    /// No frame of content `n` fits in fewer than `n / maximumRatio` bytes: every block holds at
    /// most 128 KiB and takes at least 4 bytes. A larger declared size is a damaged header.
    static let maximumRatio: UInt64 = 32768

    /// The decompressed bytes of the zstd frame(s) in `file`, decoded by up to `workers` threads.
    ///
    /// - Throws: ``CompressionError`` naming `source`: not zstd, truncated, checksum mismatch,
    ///   corrupted, or too large to allocate.
    static func decompress(_ file: Blob, source: String, workers: Int = CompressionSettings.availableCores) throws(CompressionError) -> Decompressed {
        try file.withUnsafeBytes { (input) throws(CompressionError) -> Decompressed in
            guard CompressedContainer.kind(of: input) == .zstd else {
                throw .notCompressed(source: source, found: input.prefix(8).map(hexByte).joined(separator: " "))
            }
            if let frames = ZstdFrameDecoder.Frames(indexing: input) {
                return try ZstdFrameDecoder.decode(frames, from: input, source: source, workers: workers)
            }
            return try decompressStream(input, source: source)
        }
    }

    /// Decompressed bytes, and whether zstd verified a content checksum over all of them.
    struct Decompressed {
        /// The concatenated content of the frames.
        var content: Blob
        /// Every frame that holds content carried a content checksum, and all matched.
        var checksummed: Bool
    }

    /// Decodes `input` with one stream decoder (frames without a recorded size, or damaged ones:
    /// its errors say where decoding stopped).
    private static func decompressStream(_ input: UnsafeRawBufferPointer, source: String) throws(CompressionError) -> Decompressed {
        let declared = ZSTD_getFrameContentSize(input.baseAddress, input.count)
        // The most content `input` can hold; a header declaring more is damaged (or the file was
        // cut short): allocate no more than this and let decoding say which.
        let plausible = UInt64(input.count).multipliedReportingOverflow(by: maximumRatio).partialValue + (1 << 20)
        var capacity: Int
        var implausible: UInt64?
        switch declared {
        case ZstdErrors.contentSizeError:
            capacity = 1 << 20  // a header cut short or invalid; decoding says which
        case ZstdErrors.contentSizeUnknown:
            capacity = max(1 << 20, input.count.multipliedReportingOverflow(by: 4).partialValue)
        case let size where size > plausible:
            implausible = size
            capacity = Int(plausible)
        default:
            capacity = Int(declared)
        }
        guard let buffer = DecompressionBuffer(minimumCapacity: capacity) else { throw .outOfMemory(source: source, bytes: capacity) }
        guard let context = ZSTD_createDCtx() else { throw .outOfMemory(source: source, bytes: 0) }
        defer { ZSTD_freeDCtx(context) }

        var compressed = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        var produced = 0
        var atFrameStart = true
        var checksummed = true
        while true {
            var output = ZSTD_outBuffer(dst: buffer.base, size: buffer.capacity, pos: produced)
            let frameStart = compressed.pos
            if atFrameStart { checksummed = checksummed && hasContentChecksum(input, frameAt: frameStart) }
            let result = ZSTD_decompressStream(context, &output, &compressed)
            atFrameStart = result == 0
            produced = output.pos
            if ZSTD_isError(result) != 0 {
                var failure = error(result, source: source, compressedSize: input.count, frameStart: frameStart, produced: produced)
                if let implausible, case let .corrupted(_, reason) = failure {
                    failure = .corrupted(source: source, reason: "the header declares \(implausible) bytes of content, more than \(input.count) compressed bytes can hold (\(reason))")
                }
                throw failure
            }
            if result == 0 && compressed.pos == compressed.size { break }  // the last frame is complete
            if output.pos < output.size && compressed.pos == compressed.size {
                throw .truncated(source: source, compressedSize: input.count)
            }
            if output.pos == output.size {
                // With all input consumed, zstd only needs room to flush (or the input was cut
                // short): grow a little. Otherwise the frame is larger than guessed: double.
                capacity = compressed.pos == compressed.size
                    ? buffer.capacity.addingReportingOverflow(1 << 20).partialValue
                    : buffer.capacity.multipliedReportingOverflow(by: 2).partialValue
                guard buffer.grow(to: capacity) else { throw .outOfMemory(source: source, bytes: capacity) }
            }
        }
        return Decompressed(content: Blob(owner: buffer.finish(count: produced), offset: 0, count: produced), checksummed: checksummed)
    }

    /// Whether the frame at `offset` records a content checksum (bit 2 of its descriptor, the
    /// byte after the magic); skippable frames hold no content and count as covered.
    static func hasContentChecksum(_ input: UnsafeRawBufferPointer, frameAt offset: Int) -> Bool {
        guard input.count - offset >= 5 else { return false }
        let magic = input.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian
        if ZstdMagic.isSkippable(magic) { return true }
        return magic == ZstdMagic.frame && input[offset + 4] & 0x04 != 0
    }

    static func error(_ result: Int, source: String, compressedSize: Int, frameStart: Int, produced: Int) -> CompressionError {
        switch ZstdErrors.code(result).rawValue {
        case ZSTD_error_checksum_wrong.rawValue:
            return .checksumMismatch(source: source)
        case ZSTD_error_srcSize_wrong.rawValue:
            return .truncated(source: source, compressedSize: compressedSize)
        case ZSTD_error_memory_allocation.rawValue:
            return .outOfMemory(source: source, bytes: 0)
        case ZSTD_error_prefix_unknown.rawValue where frameStart > 0:
            return .corrupted(source: source, reason: "the bytes after offset \(frameStart) (after \(produced) decompressed bytes) are not another zstd frame")
        default:
            return .corrupted(source: source, reason: "\(ZstdErrors.name(result)) (after \(produced) decompressed bytes)")
        }
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
