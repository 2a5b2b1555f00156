/// Streams objects into the `.dso` container format.
enum ContainerWriter {
    /// Bytes handed to the storage writer per call; each chunk is checksummed just before it is
    /// written, while it is still in cache.
    static let chunkSize = 4 << 20

    /// Writes `object` as a container through `writer` (without committing) and returns the file
    /// size. Blobs are streamed in place: the file is never assembled in memory. A blob that the
    /// object references several times is written once.
    static func write(_ object: EncodedObject, to writer: any StorageWriter) async throws -> Int {
        var object = object
        if object.id.bytes.isEmpty { object.id = .random() }
        var position = 0
        func emit(_ blob: Blob) async throws {
            try await writer.write(blob)
            position += blob.count
        }
        try await emit(Blob(copying: ContainerLayout.header()))

        struct Identity: Hashable { let owner: ObjectIdentifier, offset: Int, count: Int }
        var written: [Identity: Datasetsdk_V1_BlobRef] = [:]
        var order: [(Identity, Blob)] = []
        object.forEachBlob { _, blob in
            let identity = Identity(owner: ObjectIdentifier(blob.owner), offset: blob.offset, count: blob.count)
            if written[identity] == nil {
                written[identity] = Datasetsdk_V1_BlobRef()
                order.append((identity, blob))
            }
        }
        for (identity, blob) in order {
            try await emit(padding(to: ContainerLayout.aligned(position) - position))
            var reference = Datasetsdk_V1_BlobRef()
            reference.size = UInt64(blob.count)
            reference.containerOffset = UInt64(position)
            reference.checksumKind = .crc32
            var crc: UInt32 = 0
            var start = 0
            while start < blob.count {
                let chunk = blob.slice(start..<min(start + chunkSize, blob.count))
                crc = chunk.withUnsafeBytes { CRC32.checksum($0, continuing: crc) }
                try await emit(chunk)
                start += chunk.count
            }
            reference.checksum = UInt64(crc)
            written[identity] = reference
        }

        let metadata = try object.metadata { _, blob in
            written[Identity(owner: ObjectIdentifier(blob.owner), offset: blob.offset, count: blob.count)]!
        }.deterministicBytes()
        try await emit(padding(to: ContainerLayout.aligned(position) - position))
        let metadataOffset = position
        try await emit(Blob(copying: metadata))
        let crc = metadata.withUnsafeBytes { CRC32.checksum($0) }
        try await emit(Blob(copying: ContainerLayout.footer(metadataOffset: metadataOffset, metadataLength: metadata.count, metadataCRC: crc)))
        return position
    }

    private static let zeros = Blob(byteCount: ContainerLayout.alignment) { $0.initializeMemory(as: UInt8.self, repeating: 0) }

    private static func padding(to count: Int) -> Blob { zeros.slice(0..<count) }
}
