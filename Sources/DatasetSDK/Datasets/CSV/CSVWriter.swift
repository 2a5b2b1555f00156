import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a ``DataFrame`` as CSV text (a header line, then one LF-terminated line per row) the
/// way pandas' `to_csv(index=False)` does, handing the text out in chunks of about 1 MiB so a
/// large frame never exists as one whole CSV string in memory.
///
/// See ``CSVRowFormatter`` for how each kind of value is written. Nulls are written as
/// ``CSVOptions/nullRepresentation``. A frame without columns writes nothing. With several
/// processors, the chunks of a batch (one per processor) are formatted in parallel and emitted
/// in order; at most one batch of chunks is in memory.
enum CSVWriter {
    /// The size of a chunk handed out (chunks end at row ends, so sizes vary a little).
    static let chunkSize = 1 << 20

    /// Formats `frame` and passes the text to `emit` chunk by chunk, in order.
    ///
    /// - Parameters:
    ///   - chunkSize: the approximate size of a chunk (tests use small chunks).
    ///   - parallel: whether to format chunks on several threads; by default when the frame
    ///     takes more than two chunks and there are several processors.
    ///   - emit: receives each chunk; the blob is not used by the writer afterwards.
    /// - Throws: ``CSVError/invalidOption(key:reason:)`` for unusable options, or what
    ///   `emit` throws.
    static func write(
        _ frame: DataFrame,
        options: CSVOptions,
        chunkSize: Int = CSVWriter.chunkSize,
        parallel: Bool? = nil,
        emit: (Blob) async throws -> Void
    ) async throws {
        try options.validate()
        guard frame.columnCount > 0 else { return }
        // Typed columns (timestamps, categories, ...) become their pandas text once; the frame
        // keeps the text alive while the formatter reads it in place.
        var text = frame
        for (name, column) in frame.columns where column.kind.byteWidth != nil && !column.kind.isNumeric {
            try text.setColumn(column.csvText(), named: name)
        }
        let formatter = CSVRowFormatter(text, options: options)
        let rowCount = frame.rowCount
        let capacity = chunkSize + chunkSize / 8

        // The first chunk (header and rows up to the chunk size) measures the bytes per row.
        let first = CSVGrowableBuffer(capacity: capacity)
        if options.hasHeader { formatter.appendHeader(to: first) }
        var row = 0
        while row < rowCount && first.count < chunkSize {
            formatter.appendRow(row, to: first)
            row += 1
        }
        var bytesPerRow = Double(first.count) / Double(max(row, 1))
        if first.count > 0 { try await emit(first.takeBlob()) }

        let processors = min(ProcessorBudget.available, 16)
        let lanes = (parallel ?? (processors > 1 && Double(rowCount - row) * bytesPerRow > Double(chunkSize))) ? max(processors, 2) : 1
        let buffers = (0..<lanes).map { _ in CSVGrowableBuffer(capacity: capacity) }
        while row < rowCount {
            if lanes == 1 {
                let output = buffers[0]
                while row < rowCount && output.count < chunkSize {
                    formatter.appendRow(row, to: output)
                    row += 1
                }
                try await emit(output.takeBlob())
                output.reserve(capacity)
                continue
            }
            // A batch of chunks of an estimated `chunkSize` bytes each, formatted in parallel.
            let rowsPerChunk = max(1, Int(Double(chunkSize) / max(bytesPerRow, 1)))
            var ranges: [Range<Int>] = []
            while ranges.count < lanes && row < rowCount {
                let end = min(row + rowsPerChunk, rowCount)
                ranges.append(row..<end)
                row = end
            }
            let batch = ParallelBatch(formatter: formatter, ranges: ranges, buffers: buffers)
            DispatchQueue.concurrentPerform(iterations: ranges.count) { batch.run($0) }
            var written = 0
            for index in ranges.indices {
                written += buffers[index].count
                try await emit(buffers[index].takeBlob())
                buffers[index].reserve(capacity)
            }
            bytesPerRow = Double(written) / Double(ranges.last!.upperBound - ranges.first!.lowerBound)
        }
        // The formatter reads the frame's blobs in place: keep them alive until here.
        withExtendedLifetime(frame) {}
    }
}

/// One batch of chunks formatted by the threads of `DispatchQueue.concurrentPerform`.
private final class ParallelBatch: @unchecked Sendable {
    // @unchecked: iteration `i` alone writes `buffers[i]`; the formatter and the frame's blobs it
    // reads are not written while the batch runs; `concurrentPerform` returns only after every
    // iteration has finished.
    let formatter: CSVRowFormatter
    let ranges: [Range<Int>]
    let buffers: [CSVGrowableBuffer]

    init(formatter: CSVRowFormatter, ranges: [Range<Int>], buffers: [CSVGrowableBuffer]) {
        self.formatter = formatter
        self.ranges = ranges
        self.buffers = buffers
    }

    func run(_ index: Int) {
        formatter.appendRows(ranges[index], to: buffers[index])
    }
}
