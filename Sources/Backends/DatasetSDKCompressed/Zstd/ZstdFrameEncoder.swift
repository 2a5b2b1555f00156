import CZstd
import DatasetSDK

/// Compresses one run of bytes into one complete, independent zstd frame that records its
/// content size (and a content checksum when asked). Stateless and thread-safe: each call has
/// its own libzstd context, so frames can be compressed on several threads at once.
enum ZstdFrameEncoder {
    /// The frame holding `pieces` (in order), compressed at `level`.
    ///
    /// Adjacent pieces that are consecutive bytes of one buffer (a blob the container writer
    /// handed over in chunks) are joined and compressed straight from that memory; a frame of a
    /// single run is compressed in one call, without zstd copying it into its window first.
    ///
    /// - Throws: ``CompressionError`` naming `destination` when libzstd fails.
    static func compress(_ pieces: [Blob], level: Int, checksum: Bool, destination: String) throws(CompressionError) -> Blob {
        let runs = joined(pieces)
        let total = runs.reduce(0) { $0 + $1.count }
        guard let context = ZSTD_createCCtx() else { throw .outOfMemory(source: destination, bytes: 0) }
        defer { ZSTD_freeCCtx(context) }
        for (parameter, value) in [(ZSTD_c_compressionLevel, level), (ZSTD_c_checksumFlag, checksum ? 1 : 0), (ZSTD_c_contentSizeFlag, 1)] {
            let result = ZSTD_CCtx_setParameter(context, parameter, Int32(clamping: value))
            guard ZSTD_isError(result) == 0 else { throw .compressionFailed(source: destination, reason: ZstdErrors.name(result)) }
        }
        let capacity = ZSTD_compressBound(total)
        let output = HeapBuffer(byteCount: capacity)
        let target = UnsafeMutableRawPointer(mutating: output.bytes.baseAddress!)
        var produced: Int
        if runs.count <= 1 {
            produced = (runs.first ?? Blob(copying: [])).withUnsafeBytes { ZSTD_compress2(context, target, capacity, $0.baseAddress, $0.count) }
        } else {
            produced = ZSTD_CCtx_setPledgedSrcSize(context, UInt64(total))
            var out = ZSTD_outBuffer(dst: target, size: capacity, pos: 0)
            for (index, run) in runs.enumerated() where ZSTD_isError(produced) == 0 {
                let last = index == runs.count - 1
                produced = run.withUnsafeBytes { bytes in
                    var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
                    var remaining = 0
                    repeat {
                        remaining = ZSTD_compressStream2(context, &out, &input, last ? ZSTD_e_end : ZSTD_e_continue)
                    } while ZSTD_isError(remaining) == 0 && (last ? remaining != 0 : input.pos < input.size)
                    return ZSTD_isError(remaining) != 0 ? remaining : out.pos
                }
            }
        }
        guard ZSTD_isError(produced) == 0 else { throw .compressionFailed(source: destination, reason: ZstdErrors.name(produced)) }
        return Blob(owner: output, offset: 0, count: produced)
    }

    /// `pieces` with neighbours that continue each other in one owner's memory merged.
    static func joined(_ pieces: [Blob]) -> [Blob] {
        var runs: [Blob] = []
        for piece in pieces where piece.count > 0 {
            if let last = runs.last, last.owner === piece.owner, last.offset + last.count == piece.offset {
                runs[runs.count - 1] = Blob(owner: last.owner, offset: last.offset, count: last.count + piece.count)
            } else {
                runs.append(piece)
            }
        }
        return runs
    }
}
