/// Writes a ``DataFrame`` as CSV text (a header line, then one LF-terminated line per row) the
/// way pandas' `to_csv(index=False)` does, handing the text out in chunks of about 1 MiB so a
/// large frame never exists as one whole CSV string in memory.
///
/// See ``CSVRowFormatter`` for how each kind of value is written. Nulls are written as
/// ``CSVOptions/nullRepresentation``. A frame without columns writes nothing.
enum CSVWriter {
    /// Bytes after which a chunk is handed out (a chunk ends at the end of a row, so it may be
    /// a little larger).
    static let chunkSize = 1 << 20

    /// Formats `frame` and passes the text to `emit` chunk by chunk, in order.
    ///
    /// - Parameters:
    ///   - chunkSize: bytes after which a chunk is handed out (tests use small chunks).
    ///   - emit: receives each chunk; the blob is not used by the writer afterwards.
    /// - Throws: ``CSVError/invalidOption(key:reason:accepted:)`` for unusable options, or what
    ///   `emit` throws.
    static func write(
        _ frame: DataFrame,
        options: CSVOptions,
        chunkSize: Int = CSVWriter.chunkSize,
        emit: (Blob) async throws -> Void
    ) async throws {
        try options.validate()
        guard frame.columnCount > 0 else { return }
        let formatter = CSVRowFormatter(frame, options: options)
        let output = formatter.output
        output.reserve(chunkSize + chunkSize / 8)
        if options.hasHeader { formatter.appendHeader() }
        for row in 0..<frame.rowCount {
            formatter.appendRow(row)
            if output.count >= chunkSize {
                try await emit(output.takeBlob())
                output.reserve(chunkSize + chunkSize / 8)
            }
        }
        if output.count > 0 { try await emit(output.takeBlob()) }
        // The formatter reads the frame's blobs in place: keep them alive until here.
        withExtendedLifetime(frame) {}
    }
}
