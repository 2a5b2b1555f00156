import CSQLite

/// A value bound to or read from an SQLite statement.
enum SQLiteValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    var integer: Int64? { if case let .integer(v) = self { v } else { nil } }
    var text: String? { if case let .text(v) = self { v } else { nil } }
    var blob: [UInt8]? { if case let .blob(v) = self { v } else { nil } }
    var real: Double? {
        switch self {
        case let .real(v): v
        case let .integer(v): Double(v)
        default: nil
        }
    }
}

/// An SQLite call failed.
struct SQLiteError: Error, CustomStringConvertible {
    let code: Int32
    let message: String
    let sql: String?

    var isBusy: Bool { code & 0xff == SQLITE_BUSY || code & 0xff == SQLITE_LOCKED }
    var description: String { "SQLite error \(code): \(message)\(sql.map { " (in: \($0))" } ?? "")" }
}

/// A small wrapper over one SQLite connection, for the store's metadata. Not thread-safe: the
/// store serialises access to it.
final class SQLiteDatabase {
    private var handle: OpaquePointer?
    let path: String

    /// Opens (creating if needed) the database at `path` in WAL mode with a busy timeout.
    init(path: String, busyTimeoutMilliseconds: Int32 = 30_000) throws(SQLiteError) {
        self.path = path
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw SQLiteError(code: status, message: message, sql: nil)
        }
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements without results.
    func execute(_ sql: String) throws(SQLiteError) {
        var error: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &error)
        guard status == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(error)
            throw SQLiteError(code: status, message: message, sql: sql)
        }
    }

    /// Runs `sql` with `parameters` and returns every row.
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLiteValue] = []) throws(SQLiteError) -> [[SQLiteValue]] {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure(status, sql) }
        defer { sqlite3_finalize(statement) }
        for (index, value) in parameters.enumerated() {
            let position = Int32(index + 1)
            let bound: Int32
            switch value {
            case .null: bound = sqlite3_bind_null(statement, position)
            case let .integer(v): bound = sqlite3_bind_int64(statement, position, v)
            case let .real(v): bound = sqlite3_bind_double(statement, position, v)
            case let .text(v): bound = sqlite3_bind_text(statement, position, v, -1, SQLITE_TRANSIENT_SWIFT)
            case let .blob(v): bound = v.withUnsafeBytes { sqlite3_bind_blob(statement, position, $0.baseAddress, Int32($0.count), SQLITE_TRANSIENT_SWIFT) }
            }
            guard bound == SQLITE_OK else { throw failure(bound, sql) }
        }
        var rows: [[SQLiteValue]] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else { throw failure(step, sql) }
            let columns = sqlite3_column_count(statement)
            rows.append((0..<columns).map { column($0, of: statement) })
        }
        return rows
    }

    private func column(_ index: Int32, of statement: OpaquePointer) -> SQLiteValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(statement, index)))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard count > 0, let bytes = sqlite3_column_blob(statement, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction (the write lock is taken at once, waiting
    /// up to the busy timeout), committing on success and rolling back on error.
    func immediateTransaction<R>(_ body: () throws -> R) throws -> R {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` in a read transaction: it sees one consistent snapshot.
    func readTransaction<R>(_ body: () throws -> R) throws -> R {
        try execute("BEGIN DEFERRED")
        defer { try? execute("COMMIT") }
        return try body()
    }

    private func failure(_ status: Int32, _ sql: String) -> SQLiteError {
        SQLiteError(code: status, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}

/// SQLite's SQLITE_TRANSIENT (copy the bound value), which the C macro defines as -1.
private let SQLITE_TRANSIENT_SWIFT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
