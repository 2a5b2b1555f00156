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
    /// Whether a save that does not fit may evict unnamed, unpinned objects (least recently used first).
    public let evictsLeastRecentlyUsed: Bool

    let database: Mutex<SQLiteDatabase>

    private static let openStores = Mutex<[String: SharedMemoryStore]>([:])

    /// The store at `path` (created when missing), shared by every caller in this process.
    ///
    /// - Parameters:
    ///   - capacity: bytes the store may hold (recorded in the store; nil keeps the recorded one).
    ///   - evictsLeastRecentlyUsed: let saves evict unnamed, unpinned objects to make room.
    public static func open(at path: String? = nil, capacity: Int? = nil, evictsLeastRecentlyUsed: Bool = false) throws -> SharedMemoryStore {
        let path = path ?? StoreLayout.defaultPath
        let key = "\(path)|\(capacity.map(String.init) ?? "-")|\(evictsLeastRecentlyUsed)"
        if let open = openStores.withLock({ $0[key] }) { return open }
        let store = try SharedMemoryStore(path: path, capacity: capacity, evictsLeastRecentlyUsed: evictsLeastRecentlyUsed)
        return openStores.withLock { stores in
            if let raced = stores[key] { return raced }
            stores[key] = store
            return store
        }
    }

    private init(path: String, capacity: Int?, evictsLeastRecentlyUsed: Bool) throws {
        self.path = path
        self.evictsLeastRecentlyUsed = evictsLeastRecentlyUsed
        try StoreLayout.prepareFolder(path)
        try StoreLayout.prepareFolder("\(path)/segments")
        try StoreLayout.prepareFolder("\(path)/tmp")
        let database: SQLiteDatabase
        do {
            let previous = umask(0o077)
            defer { umask(previous) }
            database = try SQLiteDatabase(path: "\(path)/store.sqlite")
        } catch { throw StoreError.unusable(store: path, reason: "\(error)") }
        let (identifier, recordedCapacity): (String, Int?)
        if let existing = try Self.readExistingMeta(database, path: path, capacity: capacity) {
            (identifier, recordedCapacity) = existing  // fast path: a read, no write lock
        } else {
            do { try database.execute(StoreSchema.create) } catch { throw StoreError.unusable(store: path, reason: "\(error)") }
            (identifier, recordedCapacity) = try Self.readMeta(database, path: path, capacity: capacity)
        }
        self.identifier = identifier
        self.capacity = recordedCapacity
        self.database = Mutex(database)
        // Every crashed writer leaves its tmp/<pid>-<token> folder behind, so an empty tmp/
        // means there is nothing to collect on open.
        if !FileSystemListing.entries(of: "\(path)/tmp").isEmpty { _ = try? collectGarbage() }
    }

    /// The store's identity and capacity read in a plain read transaction, when the store exists,
    /// has this format and `capacity` needs no update; nil otherwise (the slow path creates or
    /// updates under the write lock).
    private static func readExistingMeta(_ database: SQLiteDatabase, path: String, capacity: Int?) throws -> (String, Int?)? {
        guard let rows = try? database.query("SELECT key, value FROM meta") else { return nil }
        var meta: [String: String] = [:]
        for row in rows { meta[row[0].text ?? ""] = row[1].text }
        guard let version = meta["format_version"], let identifier = meta["store_id"] else { return nil }
        guard version == StoreSchema.formatVersion else {
            throw StoreError.incompatibleVersion(store: path, found: version, supported: StoreSchema.formatVersion)
        }
        let recorded = meta["capacity"].flatMap { Int($0) }
        if let capacity, capacity != recorded { return nil }
        return (identifier, recorded)
    }

    private static func readMeta(_ database: SQLiteDatabase, path: String, capacity: Int?) throws -> (String, Int?) {
        try database.immediateTransaction {
            var meta: [String: String] = [:]
            for row in try database.query("SELECT key, value FROM meta") { meta[row[0].text ?? ""] = row[1].text }
            if let version = meta["format_version"], version != StoreSchema.formatVersion {
                throw StoreError.incompatibleVersion(store: path, found: version, supported: StoreSchema.formatVersion)
            }
            if meta["format_version"] == nil {
                try database.query("INSERT INTO meta(key, value) VALUES ('format_version', ?)", [.text(StoreSchema.formatVersion)])
            }
            let identifier = meta["store_id"] ?? StoreLayout.newKey()
            if meta["store_id"] == nil { try database.query("INSERT INTO meta(key, value) VALUES ('store_id', ?)", [.text(identifier)]) }
            if let capacity {
                try database.query("INSERT OR REPLACE INTO meta(key, value) VALUES ('capacity', ?)", [.text(String(capacity))])
                return (identifier, capacity)
            }
            return (identifier, meta["capacity"].flatMap { Int($0) })
        }
    }

    /// The object bound to `name`; its blobs are read-only views of the store's files.
    ///
    /// - Throws: ``StoreError/notFound(name:store:)``, or ``StoreError/corrupt(store:reason:)``
    ///   when a file is missing although its object is still bound.
    public func get(_ name: String) throws -> EncodedObject {
        try StoreLayout.validate(name)
        for _ in 0..<8 {
            let row = try database.withLock { database in
                try database.readTransaction {
                    try database.query("SELECT o.metadata FROM names n JOIN objects o ON o.id = n.object_id WHERE n.name = ?", [.text(name)]).first
                }
            }
            guard let metadata = row?[0].blob else { throw StoreError.notFound(name: name, store: path) }
            do {
                return try decode(metadata)
            } catch let error as StoreFileError where error.isMissing {
                continue  // the name was rebound and the old files deleted meanwhile: read it again
            }
        }
        throw StoreError.corrupt(store: path, reason: "the files of '\(name)' keep disappearing while it is read")
    }

    /// The object with identifier `id` (as returned by ``put(_:as:)``), named or not. Marks it as
    /// used now, for `eviction: lru`.
    public func get(id: ObjectID) throws -> EncodedObject {
        for _ in 0..<8 {
            let metadata = try database.withLock { database in
                try database.immediateTransaction { () throws -> [UInt8]? in
                    try database.query("UPDATE objects SET last_used = ? WHERE id = ?", [.real(StoreLayout.now()), .blob(id.bytes)])
                    return try database.query("SELECT metadata FROM objects WHERE id = ?", [.blob(id.bytes)]).first?[0].blob
                }
            }
            guard let metadata else { throw StoreError.notFound(name: "id \(id)", store: path) }
            do { return try decode(metadata) } catch let error as StoreFileError where error.isMissing { continue }
        }
        throw StoreError.corrupt(store: path, reason: "the files of object \(id) keep disappearing while it is read")
    }

    /// Whether an object is bound to `name`.
    public func contains(_ name: String) throws -> Bool {
        try StoreLayout.validate(name)
        return try database.withLock { try !$0.query("SELECT 1 FROM names WHERE name = ?", [.text(name)]).isEmpty }
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
