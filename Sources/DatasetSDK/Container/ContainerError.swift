/// A `.dso` container file is not valid. Every case names the file (`source`) and the problem.
public enum ContainerError: Error, Sendable, CustomStringConvertible {
    /// The file is shorter than a header plus a footer.
    case tooSmall(source: String, size: Int)
    /// The first bytes are not the container magic: not a `.dso` file.
    case badMagic(source: String, found: String)
    /// The footer's magic is missing: the file was cut short (an interrupted write or copy).
    case truncated(source: String, size: Int)
    /// Written by a format version this reader does not know.
    case unsupportedVersion(source: String, major: Int, minor: Int)
    /// Header or footer flags this reader does not know.
    case unsupportedFlags(source: String, flags: UInt32, place: String)
    /// A CRC-32 does not match: the header, footer, metadata or a blob was altered.
    case checksumMismatch(source: String, part: String, expected: UInt64, found: UInt64)
    /// The footer points at metadata outside the file or before the blob section.
    case metadataOutOfBounds(source: String, offset: UInt64, length: UInt64, fileSize: Int)
    /// The metadata bytes are not a valid ObjectMeta.
    case undecodableMetadata(source: String, reason: String)
    /// The metadata version is newer than this reader.
    case unsupportedMetadataVersion(source: String, version: UInt32)
    /// A blob reference is invalid: outside the blob section, misaligned, or not in this file.
    case invalidBlobReference(source: String, blob: String, reason: String)

    public var description: String {
        switch self {
        case let .tooSmall(source, size):
            "\(source): not a DatasetSDK container: \(size) bytes is smaller than a header and a footer (128 bytes)"
        case let .badMagic(source, found):
            "\(source): not a DatasetSDK container: it starts with \(found) instead of 89 44 53 4f 0d 0a 1a 0a"
        case let .truncated(source, size):
            "\(source): truncated container: no footer at the end of its \(size) bytes (an interrupted write or copy?)"
        case let .unsupportedVersion(source, major, minor):
            "\(source): container format version \(major).\(minor) is not supported (this reader knows 1.x); upgrade DatasetSDK"
        case let .unsupportedFlags(source, flags, place):
            "\(source): unknown \(place) flags 0x\(String(flags, radix: 16)); written by a newer DatasetSDK?"
        case let .checksumMismatch(source, part, expected, found):
            "\(source): \(part) is corrupt: CRC-32 0x\(String(found, radix: 16)) does not match the recorded 0x\(String(expected, radix: 16))"
        case let .metadataOutOfBounds(source, offset, length, fileSize):
            "\(source): footer places \(length) metadata bytes at offset \(offset), outside the \(fileSize)-byte file's metadata area"
        case let .undecodableMetadata(source, reason):
            "\(source): metadata does not decode: \(reason)"
        case let .unsupportedMetadataVersion(source, version):
            "\(source): metadata format version \(version / 1000).\(version % 1000) is newer than this reader (1.x)"
        case let .invalidBlobReference(source, blob, reason):
            "\(source): blob '\(blob)': \(reason)"
        }
    }
}
