import DatasetSDK

#if canImport(Glibc)
import Glibc
#endif

/// A segment file of the store mapped read-only; blobs loaded from the store are views of it and
/// keep it mapped. Its origin tells a later save which store and segment the bytes live in, so
/// the save references them instead of copying.
final class StoreSegment: BlobOwner, @unchecked Sendable {
    // @unchecked: the mapping is PROT_READ and never changes after init.
    private let mapping: FileMapping
    let origin: BlobOrigin

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(mapping.bytes) }

    /// Maps `path` read-only; `storeID` and `key` form the origin.
    init(path: String, storeID: String, key: String) throws(SystemCallError) {
        mapping = try FileMapping(path: path)
        origin = .store(store: storeID, key: key)
    }
}
