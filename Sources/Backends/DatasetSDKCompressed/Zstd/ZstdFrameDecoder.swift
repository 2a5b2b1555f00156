import CZstd
import DatasetSDK
import Dispatch
import Synchronization

/// Decodes zstd frames that all record their content size in parallel, each straight into its
/// place in one buffer of the exact total size.
enum ZstdFrameDecoder {
    /// Where each frame's compressed bytes are and where its content goes.
    struct Frames {
        struct Frame {
            /// The frame's compressed bytes in the file.
            var input: Range<Int>
            /// Where its content starts in the output.
            var outputOffset: Int
            /// Its declared content size.
            var contentSize: Int
            /// Whether it carries a content checksum.
            var checksummed: Bool
        }

        var frames: [Frame] = []
        var totalSize = 0

        /// The frames of `input`, found by walking their block headers (skippable frames, such
        /// as the seek table, are passed over); nil when a frame does not record its size, is
        /// damaged or cut short, or declares more content than its bytes can hold. The stream
        /// decoder then decodes what it can and says what is wrong.
        init?(indexing input: UnsafeRawBufferPointer) {
            var offset = 0
            while offset < input.count {
                let rest = UnsafeRawBufferPointer(rebasing: input[offset...])
                let length = ZSTD_findFrameCompressedSize(rest.baseAddress, rest.count)
                guard ZSTD_isError(length) == 0, length > 0 else { return nil }
                defer { offset += length }
                let magic = rest.count >= 4 ? rest.loadUnaligned(as: UInt32.self).littleEndian : 0
                if ZstdMagic.isSkippable(magic) { continue }  // no content
                let declared = ZSTD_getFrameContentSize(rest.baseAddress, rest.count)
                guard declared != ZstdErrors.contentSizeUnknown, declared != ZstdErrors.contentSizeError,
                      declared <= UInt64(length) * ZstdDecompressor.maximumRatio else { return nil }
                let (total, overflow) = totalSize.addingReportingOverflow(Int(declared))
                guard !overflow else { return nil }
                frames.append(Frame(input: offset..<offset + length, outputOffset: totalSize, contentSize: Int(declared),
                                    checksummed: ZstdDecompressor.hasContentChecksum(input, frameAt: offset)))
                totalSize = total
            }
            guard !frames.isEmpty else { return nil }
        }
    }

    /// Decodes `frames` of `input` with up to `workers` threads into one buffer.
    ///
    /// - Throws: ``CompressionError`` for the first frame (in file order) that fails: checksum
    ///   mismatch, corruption, or less content than its header declares; or when the seek table
    ///   disagrees with the frames.
    static func decode(_ index: Frames, from input: UnsafeRawBufferPointer, source: String, workers: Int) throws(CompressionError) -> ZstdDecompressor.Decompressed {
        try checkSeekTable(of: input, against: index, source: source)
        guard let buffer = DecompressionBuffer(minimumCapacity: index.totalSize) else { throw .outOfMemory(source: source, bytes: index.totalSize) }
        let frames = index.frames
        let job = ParallelDecode(frames: frames, input: input, output: buffer.base)
        DispatchQueue.concurrentPerform(iterations: min(max(workers, 1), frames.count)) { _ in job.run() }
        let results = job.finish()
        for (frame, result) in zip(frames, results) where ZSTD_isError(result) != 0 || result != frame.contentSize {
            if result == 0 && frame.contentSize > 0 { throw .outOfMemory(source: source, bytes: 0) }  // no context
            if ZSTD_isError(result) != 0 {
                throw ZstdDecompressor.error(result, source: source, compressedSize: input.count, frameStart: frame.input.lowerBound, produced: frame.outputOffset)
            }
            throw .corrupted(source: source, reason: "the frame at offset \(frame.input.lowerBound) declares \(frame.contentSize) bytes of content but holds \(result)")
        }
        let checksummed = frames.allSatisfy(\.checksummed)
        return ZstdDecompressor.Decompressed(content: Blob(owner: buffer.finish(count: index.totalSize), offset: 0, count: index.totalSize), checksummed: checksummed)
    }

    /// When the file ends with a seek table, its entries must be the data frames' sizes: other
    /// readers trust it to place the frames.
    private static func checkSeekTable(of input: UnsafeRawBufferPointer, against index: Frames, source: String) throws(CompressionError) {
        guard let table = SeekTable.parse(input) else { return }
        let frames = index.frames.map { SeekTable.Entry(compressedSize: UInt32(truncatingIfNeeded: $0.input.count), decompressedSize: UInt32(truncatingIfNeeded: $0.contentSize)) }
        guard table.entries != frames else { return }
        let first = (0..<min(table.entries.count, frames.count)).first { table.entries[$0] != frames[$0] } ?? min(table.entries.count, frames.count)
        throw .corrupted(source: source, reason: "the seek table lists \(table.entries.count) frames and disagrees with frame \(first) of the \(frames.count) in the file")
    }
}

/// The frames of one decode, shared by the threads of `DispatchQueue.concurrentPerform`.
private final class ParallelDecode: @unchecked Sendable {
    // @unchecked: each thread takes distinct frame indices from `next`, so the threads write
    // disjoint parts of `output` and distinct elements of `results`; the input is only read, and
    // `concurrentPerform` returns only after every iteration has finished.
    private let frames: [ZstdFrameDecoder.Frames.Frame]
    private let input: UnsafeRawBufferPointer
    private let output: UnsafeMutableRawPointer
    private let results: UnsafeMutableBufferPointer<Int>
    private let next = Atomic<Int>(0)

    init(frames: [ZstdFrameDecoder.Frames.Frame], input: UnsafeRawBufferPointer, output: UnsafeMutableRawPointer) {
        self.frames = frames
        self.input = input
        self.output = output
        results = .allocate(capacity: frames.count)
        results.initialize(repeating: 0)
    }

    deinit { results.deallocate() }

    /// Decodes frames until none is left; libzstd's result per frame goes to `results`.
    func run() {
        guard let context = ZSTD_createDCtx() else { return }
        defer { ZSTD_freeDCtx(context) }
        while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < frames.count else { return }
            let frame = frames[index]
            results[index] = ZSTD_decompressDCtx(context, output + frame.outputOffset, frame.contentSize,
                                                 input.baseAddress! + frame.input.lowerBound, frame.input.count)
        }
    }

    /// The results, in frame order (after `concurrentPerform` has returned).
    func finish() -> [Int] { Array(results) }
}
