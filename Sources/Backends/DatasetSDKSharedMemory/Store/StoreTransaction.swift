import DatasetSDK

#if canImport(Glibc)
import Glibc
#endif

/// The steps of the store protocol (docs/shared-memory.md) that run inside one transaction.
/// Every statement comes from `proto/datasetsdk/v1/store.sql` (``StoreStatements``), the source
/// the Python store runs too; nothing here writes SQL of its own.
struct StoreTransaction {
    let connection: SQLiteDatabase
    let store: String

    @discardableResult
    func run(_ statement: String, _ parameters: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
        try connection.query(statement, parameters)
    }

    // MARK: Space

    /// Bytes held by segments plus bytes reserved by saves in progress.
    func usedBytes() throws -> Int { Int(try run(StoreStatements.usedBytes).first?[0].integer ?? 0) }

    /// The largest objects, for "the store is full" messages.
    func largestObjects() throws -> [(name: String, bytes: Int)] {
        try run(StoreStatements.largestObjects).map { ($0[0].text ?? "?", Int($0[1].integer ?? 0)) }
    }

    /// Deletes the reservations of processes that no longer run.
    func forgetDeadReservations() throws {
        for row in try run(StoreStatements.reservationsAll) where !StoreProcess.isAlive(pid: Int32(row[1].integer ?? 0)) {
            try run(StoreStatements.reservationDelete, [row[0]])
        }
    }

    /// Takes `bytes` of the capacity for this process under `token`, evicting by last use when
    /// `eviction` allows. Returns the segments the evictions freed.
    func reserve(bytes: Int, token: String, capacity: Int?, eviction: StoreEviction) throws -> [String] {
        try forgetDeadReservations()
        var freed: [String] = []
        if let capacity {
            var used = try usedBytes()
            while used + bytes > capacity {
                guard let victim = try evictionVictim(eviction) else {
                    throw StoreError.full(store: store, needed: bytes, used: used, capacity: capacity, usage: try largestObjects())
                }
                freed += try evict(victim, eviction)
                used = try usedBytes()
            }
        }
        try run(StoreStatements.reservationInsert, [.text(token), .integer(Int64(getpid())), .integer(Int64(bytes))])
        return freed
    }

    private func evictionVictim(_ eviction: StoreEviction) throws -> SQLiteValue? {
        switch eviction {
        case .none: nil
        case .leastRecentlyUsed: try run(StoreStatements.evictionVictimLru).first?[0]
        case .tier: try run(StoreStatements.evictionVictimTier).first?[0]
        }
    }

    /// Drops an eviction victim. Under `eviction: tier` the victim may be named (its current
    /// copy is in the tier, and a later load fetches it again): its names are unbound first.
    private func evict(_ victim: SQLiteValue, _ eviction: StoreEviction) throws -> [String] {
        if eviction == .tier {
            try run(StoreStatements.namesOfObjectDelete, [victim])
        }
        let freed = try drop(victim)
        if freed.isEmpty, try !run(StoreStatements.objectExists, [victim]).isEmpty {
            throw StoreError.corrupt(store: store, reason: "an eviction victim could not be dropped")
        }
        return freed
    }

    // MARK: Objects and segments

    /// Deletes object `id` unless a name binds it or it is pinned: its segment references
    /// (deleting segments no object references any more, with their blob and tier rows), its
    /// row and its tier rows. Returns the deleted segments (the caller unlinks their files after
    /// the transaction commits).
    func drop(_ id: SQLiteValue) throws -> [String] {
        guard try run(StoreStatements.objectIsKept, [id]).isEmpty else { return [] }
        let segments = try run(StoreStatements.objectSegmentsOf, [id]).compactMap { $0[0].text }
        try run(StoreStatements.objectSegmentsDelete, [id])
        try run(StoreStatements.objectDelete, [id])
        try run(StoreStatements.objectTiersDelete, [id])
        var freed: [String] = []
        for segment in segments {
            try run(StoreStatements.segmentRelease, [.text(segment)])
            if try run(StoreStatements.segmentRefcount, [.text(segment)]).first?[0].integer ?? 0 <= 0 {
                try deleteSegment(segment)
                freed.append(segment)
            }
        }
        return freed
    }

    /// A segment's row with its blob and tier rows.
    func deleteSegment(_ segment: String) throws {
        try run(StoreStatements.segmentDelete, [.text(segment)])
        try run(StoreStatements.segmentBlobsDelete, [.text(segment)])
        try run(StoreStatements.segmentTiersDelete, [.text(segment)])
    }

    func segmentExists(_ segment: String) throws -> Bool { try !run(StoreStatements.segmentExists, [.text(segment)]).isEmpty }

    /// A new segment's row and its blobs' rows (CRC-32 each, when known).
    func insertSegment(_ segment: String, size: Int, blobs: [StoreBlobRecord], now: Double) throws {
        try run(StoreStatements.segmentInsert, [.text(segment), .integer(Int64(size)), .real(now)])
        for blob in blobs {
            try run(StoreStatements.blobInsert, [.text(segment), .integer(Int64(blob.offset)), .integer(Int64(blob.size)),
                                                 blob.crc32.map { .integer(Int64($0)) } ?? .null])
        }
    }

    /// The CRC-32 recorded for a blob, if any.
    func checksum(segment: String, offset: Int, size: Int) throws -> UInt32? {
        try run(StoreStatements.blobChecksum, [.text(segment), .integer(Int64(offset)), .integer(Int64(size))])
            .first?[0].integer.map { UInt32(truncatingIfNeeded: $0) }
    }

    /// The object's row and its segment references (each segment retained once).
    func insertObject(_ id: ObjectID, typeName: String, metadata: [UInt8], totalBytes: Int, segments: [String], now: Double) throws {
        let key = SQLiteValue.blob(id.bytes)
        try run(StoreStatements.objectInsert, [key, .text(typeName), .blob(metadata), .integer(Int64(totalBytes)), .real(now), .real(now)])
        for segment in segments {
            try run(StoreStatements.objectSegmentInsert, [key, .text(segment)])
            try run(StoreStatements.segmentRetain, [.text(segment)])
        }
    }

    /// Binds `name` to `id`, dropping what it bound before when nothing else keeps it. Returns
    /// the segments freed.
    func bind(_ name: String, to id: ObjectID, now: Double) throws -> [String] {
        let key = SQLiteValue.blob(id.bytes)
        let previous = try run(StoreStatements.objectIdByName, [.text(name)]).first?[0]
        try run(StoreStatements.nameBind, [.text(name), key, .real(now)])
        guard let previous, previous != key else { return [] }
        return try drop(previous)
    }

    /// Unbinds `name` and drops its object when nothing else keeps it; nil when it was unbound.
    func unbind(_ name: String) throws -> [String]? {
        guard let id = try run(StoreStatements.objectIdByName, [.text(name)]).first?[0] else { return nil }
        try run(StoreStatements.nameUnbind, [.text(name)])
        return try drop(id)
    }
}

/// A blob of a segment as the `blobs` table records it.
struct StoreBlobRecord: Sendable, Equatable {
    let offset: Int
    let size: Int
    let crc32: UInt32?
}

/// Which objects a save that does not fit may evict.
public enum StoreEviction: String, Sendable {
    /// None: the save fails with ``StoreError/full(store:needed:used:capacity:usage:)``.
    case none
    /// Unnamed, unpinned objects, least recently used first.
    case leastRecentlyUsed = "lru"
    /// Objects whose current copy is safely in a tier, named or not, least recently used first.
    case tier
}

/// Liveness of the processes that reserve space and write temporary folders.
enum StoreProcess {
    static func isAlive(pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }
}
