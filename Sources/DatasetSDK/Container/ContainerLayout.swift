/// The fixed parts of a `.dso` container file; docs/format.md is the specification.
///
/// ```
/// [0, 64)            header: magic, version, flags, header CRC
/// [64, M)            blobs, each at a multiple of 64, zero padding between
/// [M, M + L)         metadata: one protobuf ObjectMeta (M is a multiple of 64)
/// [M + L, M + L + 64) footer: metadata offset, length and CRC, version, footer CRC, magic
/// ```
enum ContainerLayout {
    /// `\x89 D S O \r \n \x1A \n`: detects text-mode transfers and truncation, as PNG's does.
    static let magic: [UInt8] = [0x89, 0x44, 0x53, 0x4F, 0x0D, 0x0A, 0x1A, 0x0A]
    static let majorVersion: UInt16 = 1
    static let minorVersion: UInt16 = 0
    static let headerSize = 64
    static let footerSize = 64
    static let alignment = 64

    /// Rounds `offset` up to the next multiple of ``alignment``.
    static func aligned(_ offset: Int) -> Int { (offset + alignment - 1) / alignment * alignment }

    /// The 64 header bytes.
    static func header() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: headerSize)
        bytes.replaceSubrange(0..<8, with: magic)
        bytes.storeLE(majorVersion, at: 8)
        bytes.storeLE(minorVersion, at: 10)
        bytes.storeLE(UInt32(0), at: 12)
        let crc = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<60])) }
        bytes.storeLE(crc, at: 60)
        return bytes
    }

    /// The 64 footer bytes.
    static func footer(metadataOffset: Int, metadataLength: Int, metadataCRC: UInt32) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: footerSize)
        bytes.storeLE(UInt64(metadataOffset), at: 0)
        bytes.storeLE(UInt64(metadataLength), at: 8)
        bytes.storeLE(metadataCRC, at: 16)
        bytes.storeLE(UInt32(0), at: 20)
        bytes.storeLE(majorVersion, at: 24)
        bytes.storeLE(minorVersion, at: 26)
        let crc = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<48])) }
        bytes.storeLE(crc, at: 48)
        bytes.replaceSubrange(56..<64, with: magic)
        return bytes
    }
}

extension [UInt8] {
    mutating func storeLE<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self) }
    }
}

extension UnsafeRawBufferPointer {
    func loadLE<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
