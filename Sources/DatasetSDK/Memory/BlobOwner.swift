/// Memory that blobs point into, kept alive by every ``Blob`` that views it.
///
/// The SDK provides heap buffers (``HeapBuffer``) and read-only file mappings
/// (``MappedRegion``); a backend may add its own owner (a shared-memory store's blob file, for
/// example) and give it an ``origin`` by which it recognises its blobs again on save.
public protocol BlobOwner: AnyObject, Sendable {
    /// The owned bytes. Valid, and never mutated, for the owner's lifetime.
    var bytes: UnsafeRawBufferPointer { get }
    /// Where the bytes come from.
    var origin: BlobOrigin { get }
}

/// Where a blob's bytes come from.
public enum BlobOrigin: Sendable, Hashable, CustomStringConvertible {
    /// Memory allocated in this process.
    case heap
    /// A read-only mapping of `path`, starting at byte `offset` of the file.
    case mappedFile(path: String, offset: Int)
    /// A blob that a store owns: `store` identifies the store (for example its folder),
    /// `key` the blob inside it.
    case store(store: String, key: String)

    public var description: String {
        switch self {
        case .heap: "heap"
        case let .mappedFile(path, offset): "mapped \(path) at \(offset)"
        case let .store(store, key): "store \(store) blob \(key)"
        }
    }
}
