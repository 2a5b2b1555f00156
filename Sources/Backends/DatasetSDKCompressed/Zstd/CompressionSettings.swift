import CZstd
import DatasetSDK

/// How a compressed container is written: zstd level, worker threads, frame checksum and frame
/// size, or no compression at all (a plain `.dso` container).
///
/// ```swift
/// let fast = CompressionSettings(level: 1, workers: 2)
/// let plain = CompressionSettings.none
/// ```
public struct CompressionSettings: Sendable, Hashable, CustomStringConvertible {
    /// Whether to compress; when false the object is written as a plain `.dso` container.
    public var compresses: Bool
    /// The zstd level: 1 (fastest) to ``maximumLevel`` (smallest); negative levels trade ratio
    /// for even more speed, down to ``minimumLevel``. zstd's own default is 3.
    public var level: Int
    /// Frames compressed at once on background threads while the caller goes on writing: 0
    /// compresses on the calling thread.
    public var workers: Int
    /// Whether every frame records a checksum of its content (XXH64), verified on every load.
    public var checksum: Bool
    /// Uncompressed bytes per zstd frame (the last frame may be shorter); nil chooses
    /// ``defaultFrameSize(level:)``. Frames are compressed and decompressed independently, so
    /// larger frames compress slightly better and smaller ones spread over more cores.
    public var frameSize: Int?

    /// Settings for zstd at `level` with `workers` threads (default: one per core), a content
    /// checksum and the default frame size.
    public init(level: Int = 3, workers: Int = CompressionSettings.availableCores, checksum: Bool = true, frameSize: Int? = nil) {
        compresses = true
        self.level = level
        self.workers = workers
        self.checksum = checksum
        self.frameSize = frameSize
    }

    /// No compression: a plain `.dso` container, the same bytes `ObjectDataset` writes.
    public static var none: CompressionSettings {
        var settings = CompressionSettings()
        settings.compresses = false
        return settings
    }

    /// The strongest zstd level this libzstd knows (22).
    public static var maximumLevel: Int { Int(ZSTD_maxCLevel()) }

    /// The fastest (negative) zstd level this libzstd knows.
    public static var minimumLevel: Int { Int(ZSTD_minCLevel()) }

    /// The most frames compressed at once.
    public static let maximumWorkers = 256

    /// The smallest frame size accepted (64 KiB).
    public static let minimumFrameSize = 1 << 16
    /// The largest frame size accepted (1 GiB, the seekable format's limit).
    public static let maximumFrameSize = SeekTable.maximumFrameContent

    /// 16 MiB, or four of `level`'s match windows when that is larger (levels 17 and up), so
    /// that cutting the stream into independent frames costs little ratio.
    public static func defaultFrameSize(level: Int) -> Int {
        // libzstd's window for large inputs: 8 MiB at levels 17-19, then 32, 64 and 128 MiB.
        let windowLog = switch level { case 22...: 27; case 21: 26; case 20: 25; case 17...: 23; default: 22 }
        return min(maximumFrameSize, max(16 << 20, 4 << windowLog))
    }

    /// ``frameSize``, or the level's default.
    public var effectiveFrameSize: Int { frameSize ?? Self.defaultFrameSize(level: level) }

    /// The processors this process may use (online, within its CPU affinity and its cgroup CPU
    /// quota, so a pod limited to 2 CPUs gets 2): the default number of workers.
    public static var availableCores: Int { ProcessorBudget.available }

    /// Throws unless libzstd accepts these settings.
    ///
    /// - Throws: ``CompressionError/invalidSetting(name:value:reason:)`` naming the setting.
    public func validate() throws(CompressionError) {
        guard compresses else { return }
        guard level >= Self.minimumLevel, level <= Self.maximumLevel else {
            throw .invalidSetting(name: "level", value: level, reason: "zstd levels go from \(Self.minimumLevel) to \(Self.maximumLevel) (1 fastest, 19 and up slowest; 3 is the default)")
        }
        guard workers >= 0 else { throw .invalidSetting(name: "workers", value: workers, reason: "must be 0 (compress on the calling thread) or more") }
        guard workers <= Self.maximumWorkers else { throw .invalidSetting(name: "workers", value: workers, reason: "at most \(Self.maximumWorkers)") }
        if let frameSize, !(Self.minimumFrameSize...Self.maximumFrameSize).contains(frameSize) {
            throw .invalidSetting(name: "frame_size", value: frameSize, reason: "from 64 KiB to 1 GiB (default: 16 MiB)")
        }
    }

    /// `zstd level 3, 2 workers, checksum, 16 MiB frames` or `none`.
    public var description: String {
        guard compresses else { return "none" }
        let frames = effectiveFrameSize % (1 << 20) == 0 ? "\(effectiveFrameSize >> 20) MiB" : "\(effectiveFrameSize) B"
        return "zstd level \(level), \(workers) worker\(workers == 1 ? "" : "s")\(checksum ? ", checksum" : ", no checksum"), \(frames) frames"
    }
}
