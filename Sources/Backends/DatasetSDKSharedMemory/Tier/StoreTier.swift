import DatasetSDK

/// The shared tier under a store (`tier: s3://bucket/prefix/`): object storage that every node
/// reaches. Its layout (docs/tier.md):
///
/// ```
/// <prefix>segments/<segment>   the bytes of one saved segment (blobs at 64-byte aligned offsets), never changed
/// <prefix>names/<name>         the current copy of a name: a ``TierRecord`` (ObjectMeta with tier keys)
/// ```
///
/// A save uploads the segments the tier lacks, then replaces the name's record; a load reads
/// the record, so which copy is current is decided by the tier, never by a node's leftover copy.
public struct StoreTier: Sendable {
    /// The tier's URL with a trailing `/` (its identity in the store's `tier_*` tables).
    public let url: String
    let storage: any Storage
    private let base: StorageLocation

    /// The tier at `url`, read and written through `storage` (which serves `url`'s scheme).
    ///
    /// - Throws: ``StorageError/invalidLocation(_:reason:)`` for a URL that is not a location.
    public init(url: String, storage: any Storage) throws {
        let normalized = url.hasSuffix("/") ? url : url + "/"
        base = try StorageLocation(normalized)
        self.url = normalized
        self.storage = storage
    }

    /// Where segment `key`'s bytes live.
    func segmentLocation(_ key: String) -> StorageLocation {
        StorageLocation(scheme: base.scheme, path: base.path + "segments/" + key)
    }

    /// Writes `blob` as the whole object at `location` (it appears only complete).
    func write(_ blob: Blob, to location: StorageLocation) async throws {
        let writer = try await storage.makeWriter(for: location)
        do {
            try await writer.write(blob)
            try await writer.commit()
        } catch {
            await writer.abort()
            throw error
        }
    }

    /// Where name `name`'s record lives.
    func recordLocation(_ name: String) -> StorageLocation {
        StorageLocation(scheme: base.scheme, path: base.path + "names/" + name)
    }
}

/// The record `<prefix>names/<name>`: the serialised `ObjectMeta` of the name's current object,
/// whose blobs reference tier segments (`store_key` `<segment>@<offset>`, CRC-32 required).
///
/// ```
/// offset  size  field
///      0     8  magic "DSOTIER1"
///      8     4  record version, u32 little-endian: 1
///     12     4  flags, u32 little-endian: 0
///     16     8  N, metadata length, u64 little-endian
///     24     N  ObjectMeta (protobuf)
///   24+N     4  CRC-32 (zlib) of bytes 0..<24+N, u32 little-endian
/// ```
struct TierRecord {
    static let magic = Array("DSOTIER1".utf8)
    static let version: UInt32 = 1

    let metadata: SerializedObjectMetadata

    init(metadata: SerializedObjectMetadata) { self.metadata = metadata }

    /// The record's bytes.
    func encoded() -> [UInt8] {
        var bytes = Self.magic
        bytes.reserveCapacity(28 + metadata.bytes.count)
        Self.append(Self.version, to: &bytes)
        Self.append(UInt32(0), to: &bytes)
        Self.append(UInt64(metadata.bytes.count), to: &bytes)
        bytes += metadata.bytes
        let crc = bytes.withUnsafeBytes { CRC32.checksum($0) }
        Self.append(crc, to: &bytes)
        return bytes
    }

    /// Parses a record; the reason is what is wrong with it.
    init(decoding blob: Blob) throws(TierRecordError) {
        let bytes = blob.withUnsafeBytes { Array($0) }
        guard bytes.count >= 28, Array(bytes[0..<8]) == Self.magic else { throw TierRecordError(reason: "it does not start with the magic DSOTIER1") }
        let version = Self.read(UInt32.self, bytes, at: 8)
        guard version == Self.version else { throw TierRecordError(reason: "record version \(version); this DatasetSDK reads version \(Self.version)") }
        let length = Self.read(UInt64.self, bytes, at: 16)
        guard length == UInt64(bytes.count - 28) else {
            throw TierRecordError(reason: "it is \(bytes.count) bytes long but says it holds \(length) bytes of metadata")
        }
        let end = bytes.count - 4
        let crc = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<end])) }
        guard crc == Self.read(UInt32.self, bytes, at: end) else { throw TierRecordError(reason: "its CRC-32 does not match its bytes") }
        do { metadata = try SerializedObjectMetadata(Array(bytes[24..<end])) } catch {
            throw TierRecordError(reason: "its metadata is not ObjectMeta: \(error)")
        }
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private static func read<T: FixedWidthInteger>(_: T.Type, _ bytes: [UInt8], at offset: Int) -> T {
        var value = T.zero
        for index in (0..<MemoryLayout<T>.size).reversed() { value = value << 8 | T(bytes[offset + index]) }
        return value
    }
}

struct TierRecordError: Error {
    let reason: String
}
