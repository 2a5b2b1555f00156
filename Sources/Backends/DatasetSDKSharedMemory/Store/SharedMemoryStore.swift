import DatasetSDK
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Vineyard's object store without a daemon: blobs live in files on a tmpfs (`/dev/shm`), object
/// metadata and names in SQLite next to them. Any process of the same user on the machine opens
/// the same folder and shares the objects.
///
/// ```swift
/// let store = try SharedMemoryStore.open(at: "/dev/shm/datasetsdk-1000/default")
/// try store.put(frame.encoded(), as: "house_prices")
/// let frame = try DataFrame(decoding: store.get("house_prices"))   // maps, copies nothing
/// ```
///
/// - A **get** maps the object's segment files read-only: microseconds whatever the size. The
///   returned blobs keep their mappings alive, even if the object is deleted meanwhile.
/// - A **put** writes the new blobs into one segment file, seals it read-only and publishes the
///   object and its name in one SQLite transaction: readers see the old object or the new one.
///   Blobs that already live in this store (because they were loaded from it) are referenced,
///   not copied.
/// - A crashed writer leaves no torn object; its files are collected on the next open or `gc`.
public final class SharedMemoryStore: Sendable {
    /// The store folder.
    public let path: String
    /// The store's identity (random, kept in its database); blobs loaded from it carry it.
    public let identifier: String
    /// The capacity in bytes, or nil for no limit beyond the file system's.
    public let capacity: Int?
    /// What a save that does not fit may evict.
    public let eviction: StoreEviction

    let database: StoreDatabase

    private static let openStores = Mutex<[String: SharedMemoryStore]>([:])

    /// The store at `path` (created when missing), shared by every caller in this process.
    ///
    /// - Parameters:
    ///   - path: the store folder; nil for `$DATASETS_SHM_STORE`, else `/dev/shm/datasetsdk-<uid>/default`.
    ///   - capacity: bytes the store may hold (recorded in the store; nil keeps the recorded one).
    ///   - eviction: what saves may evict to make room.
    public static func open(at path: String? = nil, capacity: Int? = nil, eviction: StoreEviction = .none) throws -> SharedMemoryStore {
        let path = path ?? StoreLayout.defaultPath
        let key = "\(path)|\(capacity.map(String.init) ?? "-")|\(eviction.rawValue)"
        if let open = openStores.withLock({ $0[key] }) { return open }
        let store = try SharedMemoryStore(path: path, capacity: capacity, eviction: eviction)
        return openStores.withLock { stores in
            if let raced = stores[key] { return raced }
            stores[key] = store
            return store
        }
    }

    private init(path: String, capacity: Int?, eviction: StoreEviction) throws {
        self.path = path
        self.eviction = eviction
        for folder in [path, "\(path)/segments", "\(path)/tmp"] { try StoreLayout.prepareFolder(folder) }
        database = try StoreDatabase(store: path)
        (identifier, self.capacity) = try database.open(capacity: capacity)
        // Every crashed writer leaves its tmp/<pid>-<token> folder behind, so an empty tmp/
        // means there is nothing to collect on open.
        if !FileSystemListing.entries(of: "\(path)/tmp").isEmpty { _ = try? collectGarbage() }
    }

    /// The object bound to `name`; its blobs are read-only views of the store's files.
    ///
    /// - Throws: ``StoreError/notFound(name:store:)``, or ``StoreError/corrupt(store:reason:)``
    ///   when a file is missing although its object is still bound.
    public func get(_ name: String) throws -> EncodedObject {
        try StoreLayout.validate(name)
        for _ in 0..<8 {
            guard let metadata = try database.object(named: name)?.metadata else { throw StoreError.notFound(name: name, store: path) }
            do {
                return try decode(metadata)
            } catch let error as SystemCallError where error.isMissing {
                continue  // the name was rebound and the old files deleted meanwhile: read it again
            }
        }
        throw StoreError.corrupt(store: path, reason: "the files of '\(name)' keep disappearing while it is read")
    }

    /// The object with identifier `id` (as returned by ``put(_:as:)``), named or not. Marks it as
    /// used now, for `eviction: lru`.
    public func get(id: ObjectID) throws -> EncodedObject {
        for _ in 0..<8 {
            guard let metadata = try database.object(id: id) else { throw StoreError.notFound(name: "id \(id)", store: path) }
            do { return try decode(metadata) } catch let error as SystemCallError where error.isMissing { continue }
        }
        throw StoreError.corrupt(store: path, reason: "the files of object \(id) keep disappearing while it is read")
    }

    /// Whether an object is bound to `name`.
    public func contains(_ name: String) throws -> Bool {
        try StoreLayout.validate(name)
        return try database.contains(name)
    }

    /// Decodes metadata whose blobs reference segments of this store, mapping each segment once.
    func decode(_ metadata: [UInt8]) throws -> EncodedObject {
        var segments: [String: StoreSegment] = [:]
        return try EncodedObject(serializedMetadata: metadata, trustedLayout: true) { path, reference in
            guard let (key, offset) = StoreLayout.parseBlobKey(reference.storeKey) else {
                throw StoreError.corrupt(store: self.path, reason: "blob '\(path.joined(separator: "/"))' has an invalid key '\(reference.storeKey)'")
            }
            let segment: StoreSegment
            if let mapped = segments[key] {
                segment = mapped
            } else {
                segment = try StoreSegment(path: "\(self.path)/segments/\(key)", storeID: identifier, key: key)
                segments[key] = segment
            }
            let size = Int(reference.size)
            guard offset <= segment.bytes.count, size <= segment.bytes.count - offset else {
                throw StoreError.corrupt(store: self.path, reason: "blob '\(path.joined(separator: "/"))' lies outside segment \(key)")
            }
            return Blob(owner: segment, offset: offset, count: size)
        }
    }
}
