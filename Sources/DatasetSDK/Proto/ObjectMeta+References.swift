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
    package func blobReferences() throws -> [BlobReference] { try blobReferencesWithPaths().map(\.reference) }

    /// Every blob reference with its path (`columns/LotArea/data`: member names, then the blob's).
    package func blobReferencesWithPaths() throws -> [(path: String, reference: BlobReference)] {
        var found: [(path: String, reference: BlobReference)] = []
        _ = try Self.rewrite(try Datasetsdk_V1_ObjectMeta(serializedBytes: bytes), prefix: "") { path, reference in
            found.append((path, reference))
            return reference
        }
        return found
    }

    /// The same metadata with every blob reference replaced by what `transform` returns for it.
    package func rewritingBlobReferences(_ transform: (BlobReference) throws -> BlobReference) throws -> [UInt8] {
        try Self.rewrite(try Datasetsdk_V1_ObjectMeta(serializedBytes: bytes), prefix: "") { try transform($1) }.deterministicBytes()
    }

    private static func rewrite(_ meta: Datasetsdk_V1_ObjectMeta, prefix: String,
                                _ transform: (String, BlobReference) throws -> BlobReference) throws -> Datasetsdk_V1_ObjectMeta {
        var meta = meta
        for name in meta.blobs.keys.sorted() {
            let proto = meta.blobs[name]!
            guard case let .storeKey(key)? = proto.location else {
                throw ObjectError.invalidBlob(prefix + name, typeName: meta.typeName, reason: "has no store key")
            }
            meta.blobs[name] = Datasetsdk_V1_BlobRef(try transform(prefix + name, BlobReference(proto, storeKey: key)))
        }
        for name in meta.members.keys.sorted() { meta.members[name] = try rewrite(meta.members[name]!, prefix: "\(prefix)\(name)/", transform) }
        return meta
    }
}
