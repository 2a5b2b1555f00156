import DatasetSDK

#if canImport(Glibc)
import Glibc
#endif

extension SharedMemoryStore {
    /// Stores `object` and binds it to `name` (replacing, atomically, what the name bound; the old
    /// object's space is freed once nothing references it). With `name` nil the object is unnamed:
    /// it stays until deleted, or evicted under `eviction: lru`.
    ///
    /// Blobs that live in this store already are referenced, not copied; the others are written
    /// once into a new segment file, which is sealed read-only before the object is published.
    ///
    /// - Returns: the stored object's identifier (new for every save).
    /// - Throws: ``StoreError/full(store:needed:used:capacity:usage:)`` when it does not fit.
    @discardableResult
    public func put(_ object: EncodedObject, as name: String?) throws -> ObjectID {
        if let name { try StoreLayout.validate(name) }
        var object = object
        object.id = .random()  // every save is a new object, even of an object loaded from here
        var mustCopy = Set<String>()
        while true {
            let plan = SegmentPlan(object: object, storeID: identifier, mustCopy: mustCopy)
            do {
                return try put(object, as: name, plan: plan)
            } catch let gone as SegmentGone {
                mustCopy.insert(gone.segment)  // freed since it was loaded: copy its blobs instead
            }
        }
    }

    private func put(_ object: EncodedObject, as name: String?, plan: SegmentPlan) throws -> ObjectID {
        let token = StoreLayout.newKey()
        let temporaryFolder = "\(path)/tmp/\(getpid())-\(token)"
        var published = false
        if plan.newSegmentSize > 0 { try reserve(bytes: plan.newSegmentSize, token: token) }
        defer {
            if !published {
                if plan.newSegmentSize > 0 { _ = try? database.withLock { try $0.query("DELETE FROM reservations WHERE token = ?", [.text(token)]) } }
                unlink("\(temporaryFolder)/\(plan.newSegment)")
            }
            rmdir(temporaryFolder)
        }
        if plan.newSegmentSize > 0 {
            try StoreLayout.prepareFolder(temporaryFolder)
            try writeSegment(plan, to: "\(temporaryFolder)/\(plan.newSegment)")
        }
        let metadata = try object.serializedMetadata { _, blob in
            BlobReference(size: UInt64(blob.count), storeKey: plan.key(of: blob))
        }
        let freed = try database.withLock { database in
            try database.immediateTransaction { () throws -> [String] in
                for segment in plan.sharedSegments.sorted() where try database.query("SELECT 1 FROM segments WHERE key = ?", [.text(segment)]).isEmpty {
                    throw SegmentGone(segment: segment)
                }
                let now = StoreLayout.now()
                if plan.newSegmentSize > 0 {
                    guard rename("\(temporaryFolder)/\(plan.newSegment)", "\(path)/segments/\(plan.newSegment)") == 0 else {
                        throw StoreError.unusable(store: path, reason: "cannot move a new segment into place: \(String(cString: strerror(errno)))")
                    }
                    try database.query("INSERT INTO segments(key, size, refcount, created) VALUES (?, ?, 0, ?)",
                                       [.text(plan.newSegment), .integer(Int64(plan.newSegmentSize)), .real(now)])
                    try database.query("DELETE FROM reservations WHERE token = ?", [.text(token)])
                }
                for allocation in plan.allocations
                where try database.query("SELECT 1 FROM segments WHERE key = ?", [.text(allocation.segment)]).isEmpty {
                    guard rename(allocation.file, "\(path)/segments/\(allocation.segment)") == 0 else {
                        throw StoreError.unusable(store: path, reason: "cannot move an allocation into place: \(String(cString: strerror(errno)))")
                    }
                    chmod("\(path)/segments/\(allocation.segment)", 0o400)
                    try database.query("INSERT INTO segments(key, size, refcount, created) VALUES (?, ?, 0, ?)",
                                       [.text(allocation.segment), .integer(Int64(max(allocation.bytes.count, 1))), .real(now)])
                    try database.query("DELETE FROM reservations WHERE token = ?", [.text(allocation.token)])
                }
                let id = SQLiteValue.blob(object.id.bytes)
                try database.query("INSERT INTO objects(id, type_name, metadata, total_bytes, created, last_used) VALUES (?, ?, ?, ?, ?, ?)",
                                   [id, .text(object.typeName), .blob(metadata), .integer(Int64(object.totalBytes)), .real(now), .real(now)])
                for segment in plan.referencedSegments {
                    try database.query("INSERT INTO object_segments(object_id, segment) VALUES (?, ?)", [id, .text(segment)])
                    try database.query("UPDATE segments SET refcount = refcount + 1 WHERE key = ?", [.text(segment)])
                }
                guard let name else { return [] }
                let previous = try database.query("SELECT object_id FROM names WHERE name = ?", [.text(name)]).first?[0]
                try database.query("INSERT OR REPLACE INTO names(name, object_id, bound) VALUES (?, ?, ?)", [.text(name), id, .real(now)])
                guard let previous, previous != id else { return [] }
                return try dropObjectIfUnreferenced(previous, in: database)
            }
        }
        published = true
        for allocation in plan.allocations { allocation.seal() }
        removeSegmentFiles(freed)
        return object.id
    }

    /// Writes the plan's new blobs into a segment file at `file` with `pwrite` (padding stays a
    /// hole that reads as zeros), then seals it read-only. Measured here, writing 1 GiB this way
    /// takes about half the time of allocating, mapping and copying into fresh tmpfs pages.
    private func writeSegment(_ plan: SegmentPlan, to file: String) throws {
        let fd = Glibc.open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.unusable(store: path, reason: "cannot create \(file): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        for (blob, offset) in plan.newBlobs {
            try blob.withUnsafeBytes { source in
                var done = 0
                while done < source.count {
                    let written = pwrite(fd, source.baseAddress! + done, min(source.count - done, 1 << 30), off_t(offset + done))
                    if written < 0 {
                        if errno == EINTR { continue }
                        if errno == ENOSPC {
                            throw StoreError.full(store: path, needed: plan.newSegmentSize, used: (try? usedBytes()) ?? 0,
                                                  capacity: fileSystemCapacity(), usage: (try? largestObjects()) ?? [])
                        }
                        throw StoreError.unusable(store: path, reason: "cannot write \(file): \(String(cString: strerror(errno)))")
                    }
                    done += written
                }
            }
        }
        guard ftruncate(fd, off_t(plan.newSegmentSize)) == 0 else {
            throw StoreError.unusable(store: path, reason: "cannot size \(file): \(String(cString: strerror(errno)))")
        }
        fchmod(fd, 0o400)
    }
}

/// Which blobs of an object already live in the store and where the others go in a new segment.
struct SegmentPlan {
    struct Identity: Hashable {
        let owner: ObjectIdentifier
        let offset: Int
        let count: Int
        init(_ blob: Blob) { owner = ObjectIdentifier(blob.owner); offset = blob.offset; count = blob.count }
    }

    let newSegment = StoreLayout.newKey()
    private(set) var newSegmentSize = 0
    private(set) var newBlobs: [(Blob, Int)] = []
    private(set) var sharedSegments = Set<String>()
    /// Store allocations filled in place: their files move into the store, no copy.
    private(set) var allocations: [StoreAllocation] = []
    private var keys: [Identity: String] = [:]

    init(object: EncodedObject, storeID: String, mustCopy: Set<String>) {
        object.forEachBlob { _, blob in
            let identity = Identity(blob)
            guard keys[identity] == nil else { return }
            if let allocation = blob.owner as? StoreAllocation, case let .store(store, _) = allocation.origin, store == storeID {
                keys[identity] = StoreLayout.blobKey(segment: allocation.segment, offset: blob.offset)
                if !allocations.contains(where: { $0 === allocation }) { allocations.append(allocation) }
            } else if case let .store(store, segment) = blob.owner.origin, store == storeID, !mustCopy.contains(segment) {
                keys[identity] = StoreLayout.blobKey(segment: segment, offset: blob.offset)
                sharedSegments.insert(segment)
            } else {
                let offset = (newSegmentSize + 63) / 64 * 64
                newSegmentSize = offset + blob.count
                newBlobs.append((blob, offset))
                keys[identity] = StoreLayout.blobKey(segment: newSegment, offset: offset)
            }
        }
        if newSegmentSize == 0, !newBlobs.isEmpty { newSegmentSize = 64 }  // only empty blobs: keep a 64-byte segment
    }

    /// Segments the object will reference.
    var referencedSegments: [String] {
        sharedSegments.union(newSegmentSize > 0 ? [newSegment] : []).union(allocations.map(\.segment)).sorted()
    }

    /// Bytes a save copies (the rest is shared).
    var copiedBytes: Int { newBlobs.reduce(0) { $0 + $1.0.count } }

    func key(of blob: Blob) -> String { keys[Identity(blob)]! }
}

/// A segment referenced by the object being saved was freed since it was loaded.
struct SegmentGone: Error {
    let segment: String
}
