import DatasetSDK

#if canImport(Glibc)
import Glibc
#endif

extension SharedMemoryStore {
    /// Records that a save is about to write `bytes`, after checking the capacity (evicting
    /// unnamed, unpinned objects first when allowed).
    func reserve(bytes: Int, token: String) throws {
        let freed = try database.withLock { database in
            try database.immediateTransaction { () throws -> [String] in
                try forgetDeadReservations(in: database)
                var freed: [String] = []
                if let capacity {
                    var used = try usedBytes(in: database)
                    while used + bytes > capacity {
                        guard evictsLeastRecentlyUsed, let victim = try database.query("""
                            SELECT id FROM objects WHERE pinned = 0 AND id NOT IN (SELECT object_id FROM names)
                            ORDER BY last_used LIMIT 1
                            """).first?[0]
                        else {
                            throw StoreError.full(store: path, needed: bytes, used: used, capacity: capacity, usage: try largestObjects(in: database))
                        }
                        freed += try dropObjectIfUnreferenced(victim, in: database)
                        used = try usedBytes(in: database)
                    }
                }
                try database.query("INSERT INTO reservations(token, pid, bytes) VALUES (?, ?, ?)", [.text(token), .integer(Int64(getpid())), .integer(Int64(bytes))])
                return freed
            }
        }
        removeSegmentFiles(freed)
    }

    /// Deletes object `id` unless a name binds it or it is pinned; returns the segments that no
    /// object references any more (their rows are deleted; the caller unlinks the files after
    /// the transaction commits).
    func dropObjectIfUnreferenced(_ id: SQLiteValue, in database: SQLiteDatabase) throws -> [String] {
        let bound = try !database.query("SELECT 1 FROM names WHERE object_id = ?", [id]).isEmpty
        let pinned = try database.query("SELECT pinned FROM objects WHERE id = ?", [id]).first?[0].integer ?? 0
        guard !bound, pinned == 0 else { return [] }
        let segments = try database.query("SELECT segment FROM object_segments WHERE object_id = ?", [id]).compactMap { $0[0].text }
        try database.query("DELETE FROM object_segments WHERE object_id = ?", [id])
        try database.query("DELETE FROM objects WHERE id = ?", [id])
        var freed: [String] = []
        for segment in segments {
            try database.query("UPDATE segments SET refcount = refcount - 1 WHERE key = ?", [.text(segment)])
            if try database.query("SELECT refcount FROM segments WHERE key = ?", [.text(segment)]).first?[0].integer ?? 0 <= 0 {
                try database.query("DELETE FROM segments WHERE key = ?", [.text(segment)])
                freed.append(segment)
            }
        }
        return freed
    }

    /// Unlinks segment files. Processes that mapped them keep their views: an unlinked file
    /// stays mapped until the last mapping goes.
    func removeSegmentFiles(_ segments: [String]) {
        for segment in segments { unlink("\(path)/segments/\(segment)") }
    }

    /// Bytes held by segments plus bytes reserved by saves in progress.
    func usedBytes() throws -> Int { try database.withLock { try usedBytes(in: $0) } }

    func usedBytes(in database: SQLiteDatabase) throws -> Int {
        let segments = try database.query("SELECT COALESCE(SUM(size), 0) FROM segments").first?[0].integer ?? 0
        let reserved = try database.query("SELECT COALESCE(SUM(bytes), 0) FROM reservations").first?[0].integer ?? 0
        return Int(segments + reserved)
    }

    /// The largest named objects, for "store is full" messages.
    func largestObjects() throws -> [(name: String, bytes: Int)] { try database.withLock { try largestObjects(in: $0) } }

    func largestObjects(in database: SQLiteDatabase) throws -> [(name: String, bytes: Int)] {
        try database.query("""
            SELECT COALESCE(n.name, '(unnamed ' || hex(o.id) || ')'), o.total_bytes FROM objects o LEFT JOIN names n ON n.object_id = o.id
            ORDER BY o.total_bytes DESC LIMIT 10
            """).map { ($0[0].text ?? "?", Int($0[1].integer ?? 0)) }
    }

    /// Size of the file system holding the store.
    func fileSystemCapacity() -> Int {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return 0 }
        return Int(info.f_blocks) * Int(info.f_frsize)
    }

    /// Free bytes on the file system holding the store.
    func fileSystemFree() -> Int {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return 0 }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    private func forgetDeadReservations(in database: SQLiteDatabase) throws {
        for row in try database.query("SELECT token, pid FROM reservations") where !Self.isAlive(pid: Int32(row[1].integer ?? 0)) {
            try database.query("DELETE FROM reservations WHERE token = ?", [row[0]])
        }
    }

    static func isAlive(pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }
}
