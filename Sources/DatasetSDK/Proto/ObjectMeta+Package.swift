/// Where a blob lives, for backends that store metadata themselves (the shared-memory store).
package struct BlobReference: Sendable, Equatable {
    /// Byte count.
    package var size: UInt64
    /// CRC-32 of the bytes, when recorded.
    package var crc32: UInt32?
    /// The store key (for example `segment@offset`).
    package var storeKey: String

    package init(size: UInt64, crc32: UInt32? = nil, storeKey: String) {
        self.size = size
        self.crc32 = crc32
        self.storeKey = storeKey
    }
}

extension EncodedObject {
    /// The object's metadata serialised as an `ObjectMeta` protobuf, with each blob referenced
    /// by what `reference` returns for it (called with the blob's path and the blob).
    package func serializedMetadata(reference: ([String], Blob) throws -> BlobReference) throws -> [UInt8] {
        var object = self
        if object.id.bytes.isEmpty { object.id = .random() }
        return try object.metadata { path, blob in
            Datasetsdk_V1_BlobRef(try reference(path, blob))
        }.deterministicBytes()
    }

    /// Rebuilds an object from serialised `ObjectMeta` bytes; `resolve` maps each blob reference
    /// (which must carry a store key) to its bytes.
    package init(serializedMetadata bytes: [UInt8], trustedLayout: Bool = false, resolve: ([String], BlobReference) throws -> Blob) throws {
        let meta = try Datasetsdk_V1_ObjectMeta(serializedBytes: bytes)
        self = try EncodedObject(metadata: meta) { (path, proto) throws -> Blob in
            guard case let .storeKey(key)? = proto.location else {
                throw ObjectError.invalidBlob(path.joined(separator: "/"), typeName: meta.typeName, reason: "has no store key")
            }
            return try resolve(path, BlobReference(proto, storeKey: key))
        }
        if trustedLayout { markTrusted() }
    }

    private mutating func markTrusted() {
        hasTrustedLayout = true
        for name in members.keys { members[name]!.markTrusted() }
    }

    /// The metadata bytes described as a value tree (what `datasets store inspect` prints).
    package static func describeSerializedMetadata(_ bytes: [UInt8]) throws -> Value {
        MetadataDescription.describe(try Datasetsdk_V1_ObjectMeta(serializedBytes: bytes))
    }
}

extension BlobReference {
    /// The reference a `BlobRef` with store key `key` makes.
    init(_ proto: Datasetsdk_V1_BlobRef, storeKey key: String) {
        self.init(size: proto.size, crc32: proto.checksumKind == .crc32 ? UInt32(truncatingIfNeeded: proto.checksum) : nil, storeKey: key)
    }
}

extension Datasetsdk_V1_BlobRef {
    /// The `BlobRef` of a store reference (a CRC-32 when it has one).
    init(_ reference: BlobReference) {
        self.init()
        size = reference.size
        storeKey = reference.storeKey
        if let crc = reference.crc32 {
            checksumKind = .crc32
            checksum = UInt64(crc)
        }
    }
}
