/// Compressing or decompressing a `.dso.zst` file failed. Every case names the file (`source`:
/// a path or URL) and says what went wrong.
///
/// A payload that decompresses fine but is not a container is not a `CompressionError`: the
/// container reader reports it as a `ContainerError`.
public enum CompressionError: Error, Sendable, CustomStringConvertible {
    /// The bytes are neither a zstd frame nor a `.dso` container; `found` shows the first bytes.
    case notCompressed(source: String, found: String)
    /// The zstd frame ends before its last block: the file was cut short.
    case truncated(source: String, compressedSize: Int)
    /// The frame's content checksum does not match the decompressed bytes.
    case checksumMismatch(source: String)
    /// The frame is damaged (a corrupted block, impossible sizes, bytes after the last frame).
    case corrupted(source: String, reason: String)
    /// The decompressed content needs more memory than the system gives.
    case outOfMemory(source: String, bytes: Int)
    /// A compression setting is out of range or not supported by this libzstd.
    case invalidSetting(name: String, value: Int, reason: String)
    /// libzstd reported an error while compressing into `source`.
    case compressionFailed(source: String, reason: String)

    public var description: String {
        switch self {
        case let .notCompressed(source, found):
            "\(source): not a compressed container: it starts with \(found), neither a zstd frame (28 b5 2f fd) nor a .dso container (89 44 53 4f)"
        case let .truncated(source, size):
            "\(source): truncated zstd frame: its \(size) bytes end before the frame does (an interrupted write or copy?)"
        case let .checksumMismatch(source):
            "\(source): corrupt zstd frame: the content checksum does not match the decompressed bytes"
        case let .corrupted(source, reason):
            "\(source): corrupt zstd frame: \(reason)"
        case let .outOfMemory(source, bytes):
            "\(source): cannot allocate \(bytes) bytes for the decompressed container"
        case let .invalidSetting(name, value, reason):
            "zstd setting '\(name)' = \(value): \(reason)"
        case let .compressionFailed(source, reason):
            "\(source): zstd compression failed: \(reason)"
        }
    }
}
