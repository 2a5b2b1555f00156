import CZstd

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a compressed container is written: zstd level, worker threads and frame checksum, or no
/// compression at all (a plain `.dso` container).
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
    /// Compression threads besides the caller (zstd's `nbWorkers`): 0 compresses on the calling
    /// thread; n ≥ 1 runs n workers in parallel while the caller feeds them.
    public var workers: Int
    /// Whether the frame records a checksum of its content (XXH64), verified on every load.
    public var checksum: Bool
    /// Whether the frame header records the decompressed size. Costs one checksumming pass
    /// over the blobs before compressing (the container's exact size depends on its CRCs); lets
    /// every reader allocate the exact size and decode in a single pass.
    public var recordsContentSize: Bool

    /// Settings for zstd at `level` with `workers` threads (default: one per core) and a content
    /// checksum.
    public init(level: Int = 3, workers: Int = CompressionSettings.availableCores, checksum: Bool = true, recordsContentSize: Bool = true) {
        compresses = true
        self.level = level
        self.workers = workers
        self.checksum = checksum
        self.recordsContentSize = recordsContentSize
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

    /// The most worker threads libzstd accepts (0 when it was built without multi-threading).
    public static var maximumWorkers: Int {
        let bounds = ZSTD_cParam_getBounds(ZSTD_c_nbWorkers)
        return ZSTD_isError(bounds.error) != 0 ? 0 : Int(bounds.upperBound)
    }

    /// The processors online: the default number of workers.
    public static var availableCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Throws unless libzstd accepts these settings.
    ///
    /// - Throws: ``CompressionError/invalidSetting(name:value:reason:)`` naming the setting.
    public func validate() throws(CompressionError) {
        guard compresses else { return }
        guard level >= Self.minimumLevel, level <= Self.maximumLevel else {
            throw .invalidSetting(name: "level", value: level, reason: "zstd levels go from \(Self.minimumLevel) to \(Self.maximumLevel) (1 fastest, 19 and up slowest; 3 is the default)")
        }
        guard workers >= 0 else { throw .invalidSetting(name: "workers", value: workers, reason: "must be 0 (compress on the calling thread) or more") }
        guard workers == 0 || workers <= Self.maximumWorkers else {
            throw .invalidSetting(
                name: "workers", value: workers,
                reason: Self.maximumWorkers == 0 ? "this libzstd was built without multi-threading; use 0" : "at most \(Self.maximumWorkers)")
        }
    }

    /// `zstd level 3, 2 workers, checksum` or `none`.
    public var description: String {
        compresses ? "zstd level \(level), \(workers) worker\(workers == 1 ? "" : "s")\(checksum ? ", checksum" : ", no checksum")" : "none"
    }
}
