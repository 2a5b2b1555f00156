import SwiftProtobuf

/// Reads `.dso` containers from their bytes (usually a read-only mapping of the file).
enum ContainerReader {
    /// The checked parts of a container: its decoded metadata and where the blob section ends.
    struct Parsed {
        let metadata: Datasetsdk_V1_ObjectMeta
        let blobSectionEnd: Int
    }

    /// Checks the header, footer and metadata (magic, versions, flags, bounds, CRCs) and decodes
    /// the metadata. O(metadata size): blob bytes are not touched.
    static func parse(_ file: Blob, source: String) throws(ContainerError) -> Parsed {
        let size = file.count
        return try file.withUnsafeBytes { (bytes) throws(ContainerError) -> Parsed in
            if size >= 8, !bytes[0..<8].elementsEqual(ContainerLayout.magic) {
                throw .badMagic(source: source, found: bytes[0..<8].map { hexByte($0) }.joined(separator: " "))
            }
            guard size >= ContainerLayout.headerSize + ContainerLayout.footerSize else {
                throw size < 8 ? .badMagic(source: source, found: bytes.map { hexByte($0) }.joined(separator: " ")) : .tooSmall(source: source, size: size)
            }
            let headerCRC = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<60]))
            let recordedHeaderCRC = bytes.loadLE(UInt32.self, at: 60)
            guard headerCRC == recordedHeaderCRC else {
                throw .checksumMismatch(source: source, part: "header", expected: UInt64(recordedHeaderCRC), found: UInt64(headerCRC))
            }
            let major = bytes.loadLE(UInt16.self, at: 8), minor = bytes.loadLE(UInt16.self, at: 10)
            guard major == ContainerLayout.majorVersion else {
                throw .unsupportedVersion(source: source, major: Int(major), minor: Int(minor))
            }
            let flags = bytes.loadLE(UInt32.self, at: 12)
            guard flags == 0 else { throw .unsupportedFlags(source: source, flags: flags, place: "header") }

            let footerStart = size - ContainerLayout.footerSize
            let footer = UnsafeRawBufferPointer(rebasing: bytes[footerStart..<size])
            guard footer[56..<64].elementsEqual(ContainerLayout.magic) else { throw .truncated(source: source, size: size) }
            let footerCRC = CRC32.checksum(UnsafeRawBufferPointer(rebasing: footer[0..<48]))
            let recordedFooterCRC = footer.loadLE(UInt32.self, at: 48)
            guard footerCRC == recordedFooterCRC else {
                throw .checksumMismatch(source: source, part: "footer", expected: UInt64(recordedFooterCRC), found: UInt64(footerCRC))
            }
            let footerMajor = footer.loadLE(UInt16.self, at: 24)
            guard footerMajor == major else {
                throw .unsupportedVersion(source: source, major: Int(footerMajor), minor: Int(footer.loadLE(UInt16.self, at: 26)))
            }
            let footerFlags = footer.loadLE(UInt32.self, at: 20)
            guard footerFlags == 0 else { throw .unsupportedFlags(source: source, flags: footerFlags, place: "footer") }
            let metadataOffset = footer.loadLE(UInt64.self, at: 0)
            let metadataLength = footer.loadLE(UInt64.self, at: 8)
            guard metadataOffset >= UInt64(ContainerLayout.headerSize), metadataOffset % UInt64(ContainerLayout.alignment) == 0,
                  metadataLength <= UInt64(footerStart), metadataOffset == UInt64(footerStart) - metadataLength
            else {
                throw .metadataOutOfBounds(source: source, offset: metadataOffset, length: metadataLength, fileSize: size)
            }
            let metadataBytes = UnsafeRawBufferPointer(rebasing: bytes[Int(metadataOffset)..<footerStart])
            let metadataCRC = CRC32.checksum(metadataBytes)
            let recordedMetadataCRC = footer.loadLE(UInt32.self, at: 16)
            guard metadataCRC == recordedMetadataCRC else {
                throw .checksumMismatch(source: source, part: "metadata", expected: UInt64(recordedMetadataCRC), found: UInt64(metadataCRC))
            }
            let metadata: Datasetsdk_V1_ObjectMeta
            do {
                metadata = try Datasetsdk_V1_ObjectMeta(serializedBytes: Array(metadataBytes))
            } catch {
                throw .undecodableMetadata(source: source, reason: "\(error)")
            }
            guard metadata.formatVersion / 1000 <= 1 else {
                throw .unsupportedMetadataVersion(source: source, version: metadata.formatVersion)
            }
            return Parsed(metadata: metadata, blobSectionEnd: Int(metadataOffset))
        }
    }

    /// Decodes the object in `file`: its blobs become views of `file` (no copy). With
    /// `verifyingChecksums`, every blob's CRC-32 is checked (reads each byte once, ~8 GB/s);
    /// without it, loading costs O(metadata) whatever the size.
    static func read(_ file: Blob, source: String, verifyingChecksums: Bool) throws(ContainerError) -> EncodedObject {
        let parsed = try parse(file, source: source)
        struct Checked: Hashable { let offset: UInt64, size: UInt64, checksum: UInt64 }
        var verified: Set<Checked> = []  // a blob referenced twice is checked once
        return try EncodedObject(metadata: parsed.metadata) { (path, reference) throws(ContainerError) -> Blob in
            let name = path.joined(separator: "/")
            guard case let .containerOffset(offset)? = reference.location else {
                throw .invalidBlobReference(source: source, blob: name, reason: "has no offset inside this container")
            }
            let (end, overflow) = offset.addingReportingOverflow(reference.size)
            guard offset >= UInt64(ContainerLayout.headerSize), offset % UInt64(ContainerLayout.alignment) == 0,
                  !overflow, end <= UInt64(parsed.blobSectionEnd)
            else {
                throw .invalidBlobReference(
                    source: source, blob: name,
                    reason: "\(reference.size) bytes at offset \(offset) are not inside the blob section [64, \(parsed.blobSectionEnd)) at a multiple of 64")
            }
            let blob = file.slice(Int(offset)..<Int(end))
            if verifyingChecksums {
                switch reference.checksumKind {
                case .none: break
                case .crc32:
                    let checked = Checked(offset: offset, size: reference.size, checksum: reference.checksum)
                    if !verified.contains(checked) {
                        let crc = CRC32.checksum(blob)
                        guard UInt64(crc) == reference.checksum else {
                            throw .checksumMismatch(source: source, part: "blob '\(name)'", expected: reference.checksum, found: UInt64(crc))
                        }
                        verified.insert(checked)
                    }
                case let .UNRECOGNIZED(kind):
                    throw .invalidBlobReference(source: source, blob: name, reason: "unknown checksum kind \(kind)")
                }
            }
            return blob
        }
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
