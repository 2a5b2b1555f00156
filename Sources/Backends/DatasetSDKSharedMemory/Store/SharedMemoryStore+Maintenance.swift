import DatasetSDK

#if canImport(Glibc)
import Glibc
#endif

/// One named object, as `datasets store ls` shows it.
public struct StoreEntry: Sendable {
    /// The name.
    public let name: String
    /// The object's type name.
    public let typeName: String
    /// Bytes of its blobs.
    public let totalBytes: Int
    /// Segment files it references.
    public let segments: Int
    /// Of those, segments that other objects reference too (structural sharing).
    public let sharedSegments: Int
    /// When it was bound (seconds since 1970).
    public let bound: Double
}

/// What `gc` removed.
public struct CollectionReport: Sendable, CustomStringConvertible {
    /// Files and folders removed: orphaned segments and dead writers' temporary folders.
    public var removedFiles = 0
    /// Bytes those files held.
    public var reclaimedBytes = 0

    public var description: String { "removed \(removedFiles) orphaned files, reclaimed \(ByteSize.format(reclaimedBytes))" }
}

extension SharedMemoryStore {
    /// Unbinds `name`; the object and its space go once nothing else references them.
    ///
    /// - Returns: whether the name was bound.
    @discardableResult
    public func delete(_ name: String) throws -> Bool {
        try StoreLayout.validate(name)
        guard let freed = try database.unbind(name) else { return false }
        removeSegmentFiles(freed)
        return true
    }

    /// The named objects, sorted by name.
    public func list() throws -> [StoreEntry] {
        try database.rows(StoreStatements.namedObjects).map { row in
            StoreEntry(name: row[0].text ?? "", typeName: row[1].text ?? "", totalBytes: Int(row[2].integer ?? 0),
                       segments: Int(row[4].integer ?? 0), sharedSegments: Int(row[5].integer ?? 0), bound: row[3].real ?? 0)
        }
    }

    /// The metadata of the object bound to `name`, as a value tree (blobs with their store keys).
    public func describe(_ name: String) throws -> Value {
        try StoreLayout.validate(name)
        guard let metadata = try database.object(named: name)?.metadata else { throw StoreError.notFound(name: name, store: path) }
        return try EncodedObject.describeSerializedMetadata(metadata)
    }

    /// Capacity and usage figures, as `datasets store stats` prints them.
    public func statistics() throws -> [String: Value] {
        let counts = try database.rows(StoreStatements.statistics).first ?? []
        let used = Int(counts[4].integer ?? 0)
        let traffic = try database.rows(StoreStatements.tierTraffic).first ?? []
        var result: [String: Value] = [
            "store": .string(path), "names": .int(counts[0].integer ?? 0), "objects": .int(counts[1].integer ?? 0),
            "segments": .int(counts[2].integer ?? 0), "shared_segments": .int(counts[3].integer ?? 0),
            "used_bytes": .int(Int64(used)), "file_system_free_bytes": .int(Int64(fileSystemFree())),
            "eviction": .string(eviction.rawValue),
            "tier_uploaded_bytes": .int(traffic.first?.integer ?? 0), "tier_fetched_bytes": .int(traffic.last?.integer ?? 0),
        ]
        if let capacity {
            result["capacity_bytes"] = .int(Int64(capacity))
            result["free_bytes"] = .int(Int64(max(0, capacity - used)))
        }
        return result
    }

    /// Removes what crashed writers left behind: temporary folders of processes that no longer
    /// run, segment files no object references, reservations of dead processes. Safe while other
    /// processes read and write: it holds the store's write lock while it looks.
    @discardableResult
    public func collectGarbage() throws -> CollectionReport {
        try database.write { transaction throws -> CollectionReport in
            var report = CollectionReport()
            try transaction.forgetDeadReservations()
            for folder in FileSystemListing.entries(of: "\(path)/tmp") {
                guard let pid = Int32(folder.split(separator: "-").first ?? ""), !StoreProcess.isAlive(pid: pid) else { continue }
                report.add(FileSystemListing.removeTree("\(path)/tmp/\(folder)"))
            }
            for row in try transaction.run(StoreStatements.deadSegments) { try transaction.deleteSegment(row[0].text ?? "") }
            for orphans in [StoreStatements.orphanBlobsDelete, StoreStatements.orphanTierSegmentsDelete, StoreStatements.orphanTierObjectsDelete] {
                try transaction.run(orphans)
            }
            let known = Set(try transaction.run(StoreStatements.segmentKeys).compactMap { $0[0].text })
            for file in FileSystemListing.entries(of: "\(path)/segments") where !known.contains(file) {
                report.add(FileSystemListing.removeTree("\(path)/segments/\(file)"))
            }
            return report
        }
    }
}

extension CollectionReport {
    mutating func add(_ removed: (files: Int, bytes: Int)) {
        removedFiles += removed.files
        reclaimedBytes += removed.bytes
    }
}

/// Folder listing and removal for store maintenance.
enum FileSystemListing {
    static func entries(of path: String) -> [String] { FileSystem.entries(of: path) }

    /// Removes a file or a folder tree; returns what it removed.
    static func removeTree(_ path: String) -> (files: Int, bytes: Int) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return (0, 0) }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            var total = (files: 0, bytes: 0)
            for name in entries(of: path) {
                let removed = removeTree("\(path)/\(name)")
                total = (total.files + removed.files, total.bytes + removed.bytes)
            }
            rmdir(path)
            return (total.files + 1, total.bytes)
        }
        unlink(path)
        return (1, Int(info.st_size))
    }
}
