/// The parts of serialised `ObjectMeta` that a store needs without decoding the object: its
/// identity, type and size, and its blob references, which it can rewrite (a tier stores the
/// same metadata with tier keys in place of local ones).
package struct SerializedObjectMetadata: Sendable {
    /// The serialised `ObjectMeta`.
    package let bytes: [UInt8]
    /// `ObjectMeta.id`.
    package let id: ObjectID
    /// `ObjectMeta.type_name`.
    package let typeName: String
    /// `ObjectMeta.total_bytes`.
    package let totalBytes: Int

    /// Parses `bytes`; throws when they are not `ObjectMeta`.
    package init(_ bytes: [UInt8]) throws {
        let meta = try Datasetsdk_V1_ObjectMeta(serializedBytes: bytes)
        self.bytes = bytes
        id = ObjectID(bytes: Array(meta.id))
        typeName = meta.typeName
        totalBytes = Int(clamping: meta.totalBytes)
    }

    /// Every blob reference, members' included (a blob referenced twice appears twice).
    package func blobReferences() throws -> [BlobReference] {
        var found: [BlobReference] = []
        _ = try Self.rewrite(try Datasetsdk_V1_ObjectMeta(serializedBytes: bytes)) { reference in
            found.append(reference)
            return reference
        }
        return found
    }

    /// The same metadata with every blob reference replaced by what `transform` returns for it.
    package func rewritingBlobReferences(_ transform: (BlobReference) throws -> BlobReference) throws -> [UInt8] {
        try Self.rewrite(try Datasetsdk_V1_ObjectMeta(serializedBytes: bytes), transform).deterministicBytes()
    }

    private static func rewrite(_ meta: Datasetsdk_V1_ObjectMeta, _ transform: (BlobReference) throws -> BlobReference) throws -> Datasetsdk_V1_ObjectMeta {
        var meta = meta
        for name in meta.blobs.keys.sorted() {
            let proto = meta.blobs[name]!
            guard case let .storeKey(key)? = proto.location else {
                throw ObjectError.invalidBlob(name, typeName: meta.typeName, reason: "has no store key")
            }
            meta.blobs[name] = Datasetsdk_V1_BlobRef(try transform(BlobReference(proto, storeKey: key)))
        }
        for name in meta.members.keys.sorted() { meta.members[name] = try rewrite(meta.members[name]!, transform) }
        return meta
    }
}
