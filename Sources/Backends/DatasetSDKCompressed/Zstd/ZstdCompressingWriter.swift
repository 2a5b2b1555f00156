import DatasetSDK

/// A ``StorageWriter`` that compresses everything written to it into independent zstd frames
/// followed by a seek table, and streams them to another writer.
///
/// The input is cut into frames of ``CompressionSettings/effectiveFrameSize`` bytes. Each frame
/// is compressed on its own (recording its content size, and a content checksum when asked),
/// up to ``CompressionSettings/workers`` frames at once on background tasks while the caller
/// goes on feeding; finished frames go to the wrapped writer in order. Frames hold views of the
/// written blobs, not copies, so memory stays bounded by the frames in flight and their
/// compressed output: neither the whole uncompressed stream nor the whole compressed one is
/// held. ``commit()`` appends the seek table (zstd's seekable format, see ``SeekTable``), which
/// lets readers decompress the frames in parallel straight into their final places.
///
/// ```swift
/// let file = try await FileStorage().makeWriter(for: StorageLocation("frame.dso.zst"))
/// let writer = try ZstdCompressingWriter(wrapping: file, settings: CompressionSettings(level: 3), destination: "frame.dso.zst")
/// try await Container.write(frame.encoded(), to: writer)
/// try await writer.commit()   // ends the last frame, writes the seek table, commits the file
/// ```
public final class ZstdCompressingWriter: StorageWriter {
    /// Uncompressed bytes written so far.
    public private(set) var uncompressedBytes = 0
    /// Compressed bytes handed to the wrapped writer so far (the whole file after ``commit()``).
    public private(set) var compressedBytes = 0

    private let destination: any StorageWriter
    private let destinationName: String
    private let settings: CompressionSettings
    private let frameSize: Int
    private var pieces: [Blob] = []
    private var gathered = 0
    private var inFlight: [(task: Task<Blob, any Error>, contentSize: Int)] = []
    private var seekTable = SeekTable()

    /// A writer that compresses into `destination`.
    ///
    /// - Parameters:
    ///   - destination: receives the compressed bytes; ``commit()`` and ``abort()`` pass on to it.
    ///   - settings: level, workers, checksum and frame size (``CompressionSettings/compresses``
    ///     is ignored: this writer always compresses).
    ///   - destinationName: names the file in errors.
    /// - Throws: ``CompressionError/invalidSetting(name:value:reason:)`` for a setting libzstd refuses.
    public init(wrapping destination: any StorageWriter, settings: CompressionSettings, destination destinationName: String) throws(CompressionError) {
        try settings.validate()
        self.destination = destination
        self.destinationName = destinationName
        self.settings = settings
        frameSize = settings.effectiveFrameSize
    }

    /// Adds the bytes of `blob` (as views) to the frames; full frames start compressing.
    public func write(_ blob: Blob) async throws {
        uncompressedBytes += blob.count
        var start = 0
        while start < blob.count {
            let take = min(blob.count - start, frameSize - gathered)
            pieces.append(start == 0 && take == blob.count ? blob : blob.slice(start..<start + take))
            gathered += take
            start += take
            if gathered == frameSize { try await endFrame() }
        }
    }

    /// Ends the last frame, waits for every frame, writes them and the seek table, and commits
    /// the wrapped writer.
    public func commit() async throws {
        if gathered > 0 || seekTable.entries.isEmpty && inFlight.isEmpty { try await endFrame() }
        while !inFlight.isEmpty { try await forwardOldest() }
        let table = seekTable.encoded()
        try await destination.write(Blob(copying: table))
        compressedBytes += table.count
        try await destination.commit()
    }

    /// Discards the frames (waiting for those being compressed) and aborts the wrapped writer.
    public func abort() async {
        for frame in inFlight { frame.task.cancel() }
        for frame in inFlight { _ = try? await frame.task.value }
        inFlight = []
        pieces = []
        gathered = 0
        await destination.abort()
    }

    /// Compresses the gathered pieces as one frame: on this thread with no workers, else on a
    /// background task, first waiting for the oldest frame when `workers` are busy.
    private func endFrame() async throws {
        let frame = pieces, contentSize = gathered
        pieces = []
        gathered = 0
        let level = settings.level, checksum = settings.checksum, name = destinationName
        if settings.workers == 0 {
            try await forward(try ZstdFrameEncoder.compress(frame, level: level, checksum: checksum, destination: name), contentSize: contentSize)
            return
        }
        while inFlight.count >= settings.workers { try await forwardOldest() }
        let task = Task.detached(priority: Task.currentPriority) {
            try ZstdFrameEncoder.compress(frame, level: level, checksum: checksum, destination: name)
        }
        inFlight.append((task, contentSize))
    }

    private func forwardOldest() async throws {
        let oldest = inFlight.removeFirst()
        try await forward(try await oldest.task.value, contentSize: oldest.contentSize)
    }

    private func forward(_ compressed: Blob, contentSize: Int) async throws {
        try await destination.write(compressed)
        compressedBytes += compressed.count
        seekTable.entries.append(SeekTable.Entry(compressedSize: UInt32(compressed.count), decompressedSize: UInt32(contentSize)))
    }
}
