import DatasetSDK
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The store's database (`store.sqlite`): one connection per process, serialised by a mutex,
/// and the protocol's steps as methods, named as docs/shared-memory.md names them (open, get,
/// reserve, publish, unbind, collect). The Python store's `StoreDatabase` has the same steps.
final class StoreDatabase: Sendable {
    // nonisolated(unsafe): the connection is only used while `lock` is held.
    nonisolated(unsafe) private let connection: SQLiteDatabase
    private let lock = Mutex(())
    let store: String

    /// Opens `<store>/store.sqlite` (created with mode 0600 when missing).
    init(store: String) throws(StoreError) {
        self.store = store
        do {
            let previous = umask(0o077)
            defer { umask(previous) }
            connection = try SQLiteDatabase(path: "\(store)/store.sqlite")
        } catch { throw StoreError.unusable(store: store, reason: "\(error)") }
    }

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`: the store's write lock).
    func write<R: Sendable>(_ body: (StoreTransaction) throws -> R) throws -> R {
        try lock.withLock { _ in
            try connection.immediateTransaction { try body(StoreTransaction(connection: connection, store: store)) }
        }
    }

    /// Runs `body` in a read transaction: one consistent snapshot.
    func read<R: Sendable>(_ body: (StoreTransaction) throws -> R) throws -> R {
        try lock.withLock { _ in
            try connection.readTransaction { try body(StoreTransaction(connection: connection, store: store)) }
        }
    }

    /// Runs one statement outside an explicit transaction (tests and diagnostics).
    func rows(_ statement: String, _ parameters: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
        try lock.withLock { _ in try connection.query(statement, parameters) }
    }

    // MARK: Open

    /// Checks the format version, creates or upgrades the schema (to ``StoreStatements/schemaRevision``)
    /// and records `capacity` (nil keeps the recorded one). Returns the store's identity and capacity.
    func open(capacity: Int?) throws -> (identifier: String, capacity: Int?) {
        // Fast path: an existing store of this revision whose capacity needs no update is a read.
        if let meta = try? rows(StoreStatements.metaAll).reduce(into: [String: String](), { $0[$1[0].text ?? ""] = $1[1].text }),
           let version = meta["format_version"], let identifier = meta["store_id"] {
            try checkVersion(version)
            let recorded = meta["capacity"].flatMap { Int($0) }
            if Self.revision(meta) >= Self.currentRevision, capacity == nil || capacity == recorded { return (identifier, recorded) }
        }
        do { try lock.withLock { _ in try connection.execute(StoreStatements.schema) } } catch { throw StoreError.unusable(store: store, reason: "\(error)") }
        return try write { transaction in
            var meta: [String: String] = [:]
            for row in try transaction.run(StoreStatements.metaAll) { meta[row[0].text ?? ""] = row[1].text }
            if let version = meta["format_version"] { try checkVersion(version) }
            try transaction.run(StoreStatements.metaInsert, [.text("format_version"), .text(StoreStatements.formatVersion)])
            if Self.revision(meta) < Self.currentRevision {
                try transaction.run(StoreStatements.metaSet, [.text("schema_revision"), .text(StoreStatements.schemaRevision)])
            }
            let identifier = meta["store_id"] ?? StoreLayout.newKey()
            try transaction.run(StoreStatements.metaInsert, [.text("store_id"), .text(identifier)])
            guard let capacity else { return (identifier, meta["capacity"].flatMap { Int($0) }) }
            try transaction.run(StoreStatements.metaSet, [.text("capacity"), .text(String(capacity))])
            return (identifier, capacity)
        }
    }

    private static let currentRevision = Int(StoreStatements.schemaRevision) ?? 0

    /// A store without a `schema_revision` row is of revision 1.
    private static func revision(_ meta: [String: String]) -> Int { meta["schema_revision"].flatMap { Int($0) } ?? 1 }

    private func checkVersion(_ version: String) throws(StoreError) {
        guard version == StoreStatements.formatVersion else {
            throw .incompatibleVersion(store: store, found: version, supported: StoreStatements.formatVersion)
        }
    }

    // MARK: Get

    /// The metadata and id of the object bound to `name`, in one snapshot.
    func object(named name: String) throws -> (metadata: [UInt8], id: ObjectID)? {
        try read { transaction in
            guard let row = try transaction.run(StoreStatements.objectByName, [.text(name)]).first,
                  let metadata = row[0].blob, let id = row[1].blob.flatMap(ObjectID.init(bytes:)) else { return nil }
            return (metadata, id)
        }
    }

    /// The metadata of object `id`, marking it used now (for least-recently-used eviction).
    func object(id: ObjectID) throws -> [UInt8]? {
        try write { transaction in
            try transaction.run(StoreStatements.objectTouch, [.real(StoreLayout.now()), .blob(id.bytes)])
            return try transaction.run(StoreStatements.objectById, [.blob(id.bytes)]).first?[0].blob
        }
    }

    /// Whether a name binds an object.
    func contains(_ name: String) throws -> Bool { try !rows(StoreStatements.nameExists, [.text(name)]).isEmpty }

    // MARK: Save

    /// Takes `bytes` of the capacity for this process; see ``StoreTransaction/reserve(bytes:token:capacity:eviction:)``.
    func reserve(bytes: Int, token: String, capacity: Int?, eviction: StoreEviction) throws -> [String] {
        try write { try $0.reserve(bytes: bytes, token: token, capacity: capacity, eviction: eviction) }
    }

    /// Ends a reservation that will not be published (a failed or abandoned save).
    func releaseReservation(_ token: String) {
        _ = try? write { try $0.run(StoreStatements.reservationDelete, [.text(token)]) }
    }

    // MARK: Maintenance

    /// Unbinds `name`; nil when it was not bound, else the segments freed.
    func unbind(_ name: String) throws -> [String]? { try write { try $0.unbind(name) } }

    /// Bytes held by segments plus bytes reserved.
    func usedBytes() throws -> Int { try read { try $0.usedBytes() } }

    /// The largest objects, for "the store is full" messages.
    func largestObjects() throws -> [(name: String, bytes: Int)] { try read { try $0.largestObjects() } }
}
