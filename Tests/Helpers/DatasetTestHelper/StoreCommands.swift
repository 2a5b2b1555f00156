// Shared-memory store subcommands of dataset-test-helper: real processes that put, get, rebind
// and collect objects of one store, so tests can check sharing, crash safety and concurrency
// across processes. Each prints one line of `key=value` pairs; a problem goes to standard error
// with exit status 1.
//
//   store-put-tensor STORE NAME MIB                       Tensor<Double> of index values
//   store-get-tensor STORE NAME [--sum]                   RSS growth of the get, before touching data
//   store-derive STORE FROM TO [--drop A,B] [--add COL]   get FROM, drop/add columns, put as TO
//   store-save-versions STORE NAME FIRST COLUMNS ROWS [--count K] [--reshare]
//                                                         save version frames FIRST, FIRST+1, ... under NAME
//                                                         (--reshare: save NAME's object again, copying nothing)
//   store-check STORE NAME                                get NAME, verify it is one whole version
//   store-rebind STORE NAME WORKER SECONDS BASE_ROWS      get/verify/put NAME in a loop for SECONDS
//   store-hold STORE NAME READY_FILE GO_FILE              get a tensor, signal, wait, then verify it
//   store-gc STORE                                        collect garbage
//   store-stats STORE                                     print the store's statistics
import DatasetSDK
import DatasetSDKSharedMemory

#if canImport(Glibc)
import Glibc
#endif

enum StoreCommands {
    static let usage = """
        store-put-tensor STORE NAME MIB | store-get-tensor STORE NAME [--sum] | \
        store-derive STORE FROM TO [--drop A,B] [--add COL] | \
        store-save-versions STORE NAME FIRST COLUMNS ROWS [--count K] [--reshare] | store-check STORE NAME | \
        store-rebind STORE NAME WORKER SECONDS BASE_ROWS | store-hold STORE NAME READY_FILE GO_FILE | \
        store-gc STORE | store-stats STORE
        """

    /// Runs the `store-*` subcommand in `arguments`.
    static func run(_ arguments: [String]) throws {
        let valued: Set<String> = ["--drop", "--add", "--count"]
        var positional: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext { skipNext = false } else if valued.contains(argument) { skipNext = true } else if !argument.hasPrefix("--") { positional.append(argument) }
        }
        func option(_ name: String) -> String? {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
            return arguments[index + 1]
        }
        func integer(_ text: String) throws -> Int {
            guard let value = Int(text) else { throw HelperError("not a number: \(text)") }
            return value
        }
        switch (arguments[0], positional.count) {
        case ("store-put-tensor", 4):
            try putTensor(store: positional[1], name: positional[2], mebibytes: integer(positional[3]))
        case ("store-get-tensor", 3):
            try getTensor(store: positional[1], name: positional[2], sum: arguments.contains("--sum"))
        case ("store-derive", 4):
            try derive(store: positional[1], from: positional[2], to: positional[3],
                       drop: option("--drop").map { $0.split(separator: ",").map(String.init) } ?? [], add: option("--add"))
        case ("store-save-versions", 6):
            try saveVersions(store: positional[1], name: positional[2], first: integer(positional[3]), columns: integer(positional[4]),
                             rows: integer(positional[5]), count: option("--count").map(integer), reshare: arguments.contains("--reshare"))
        case ("store-check", 3):
            let store = try SharedMemoryStore.open(at: positional[1])
            let (version, frame) = try VersionFrame.verify(DataFrame(decoding: store.get(positional[2])))
            report(["version": "\(version)", "columns": "\(frame.columnCount)", "rows": "\(frame.rowCount)"])
        case ("store-rebind", 6):
            try rebind(store: positional[1], name: positional[2], worker: integer(positional[3]),
                       seconds: integer(positional[4]), baseRows: integer(positional[5]))
        case ("store-hold", 5):
            try hold(store: positional[1], name: positional[2], readyFile: positional[3], goFile: positional[4])
        case ("store-gc", 2):
            let store = try SharedMemoryStore.open(at: positional[1])
            let collected = try store.collectGarbage()
            report(["removed_files": "\(collected.removedFiles)", "reclaimed_bytes": "\(collected.reclaimedBytes)",
                    "used_bytes": "\(try store.statistics()["used_bytes"]?.intValue ?? -1)"])
        case ("store-stats", 2):
            let statistics = try SharedMemoryStore.open(at: positional[1]).statistics()
            report(statistics.mapValues { $0.intValue.map(String.init) ?? $0.stringValue ?? "\($0)" })
        default:
            throw HelperError("usage: dataset-test-helper \(usage)")
        }
    }

    static func putTensor(store path: String, name: String, mebibytes: Int) throws {
        let count = mebibytes << 17
        let tensor = try Tensor<Double>(shape: [count]) { values in
            for index in values.indices { values[index] = Double(index) }
        }
        try SharedMemoryStore.open(at: path).put(tensor.encoded(), as: name)
        report(["elements": "\(count)"])
    }

    static func getTensor(store path: String, name: String, sum: Bool) throws {
        let store = try SharedMemoryStore.open(at: path)
        let before = DatasetTestHelper.memory("VmRSS")
        let tensor = try Tensor<Double>(decoding: store.get(name))
        let afterGet = DatasetTestHelper.memory("VmRSS")
        var fields = ["elements": "\(tensor.count)", "rss_growth_kib": "\(afterGet - before)"]
        if sum { fields["sum"] = "\(tensor.withUnsafeBufferPointer { $0.reduce(0, +) })" }
        report(fields)
    }

    /// Gets frame `from`, drops and adds columns (the added column is Int64 row numbers) and
    /// puts the result as `to`; the kept columns are views of the store, so the put shares them.
    static func derive(store path: String, from: String, to: String, drop: [String], add: String?) throws {
        let store = try SharedMemoryStore.open(at: path)
        var frame = try DataFrame(decoding: store.get(from)).dropping(columns: drop)
        if let add { try frame.append(Column((0..<Int64(frame.rowCount)).map { $0 }), named: add) }
        try store.put(frame.encoded(), as: to)
        report(["columns": "\(frame.columnCount)", "rows": "\(frame.rowCount)"])
    }

    /// Saves version frames `first`, `first + 1`, ... under `name`, forever or `count` times,
    /// printing `saved=V` after each publish (a test kills this process mid-save). With
    /// `reshare`, saves the object bound to `name` again and again instead: every save copies
    /// nothing and is all publish (an SQLite transaction), so a kill lands mostly inside one.
    static func saveVersions(store path: String, name: String, first: Int, columns: Int, rows: Int, count: Int?, reshare: Bool) throws {
        let store = try SharedMemoryStore.open(at: path)
        let loaded = reshare ? try store.get(name) : nil
        let loadedVersion = try loaded.map { try VersionFrame.verify(DataFrame(decoding: $0)).0 }
        var saves = 0
        while count.map({ saves < $0 }) ?? true {
            let version = loadedVersion ?? first + saves
            try store.put(loaded ?? VersionFrame.make(version: version, columns: columns, rows: rows).encoded(), as: name)
            print("saved=\(version)")
            fflush(nil)
            saves += 1
        }
        report(["last": "\(loadedVersion ?? first + saves - 1)"])
    }

    /// Worker `worker` of a concurrent rebind test: for `seconds`, gets `name`, verifies it is one
    /// whole version with the rows that version must have, then either saves a new version
    /// (`worker * 1_000_000 + iteration`) or saves the loaded frame again (sharing its segments,
    /// which other workers may free meanwhile). Any error is a failure: the store retries
    /// internally when a rebind races a read or a save.
    static func rebind(store path: String, name: String, worker: Int, seconds: Int, baseRows: Int) throws {
        let store = try SharedMemoryStore.open(at: path)
        let deadline = monotonicSeconds() + Double(seconds)
        var iterations = 0, fresh = 0, shared = 0
        while monotonicSeconds() < deadline {
            let loaded = try store.get(name)
            let (version, frame) = try VersionFrame.verify(DataFrame(decoding: loaded))
            let expectedRows = VersionFrame.rows(forVersion: version, base: baseRows)
            guard frame.rowCount == expectedRows else {
                throw HelperError("version \(version) has \(frame.rowCount) rows, expected \(expectedRows)")
            }
            iterations += 1
            if iterations % 2 == 0 {
                try store.put(loaded, as: name)
                shared += 1
            } else {
                let next = worker * 1_000_000 + iterations
                try store.put(VersionFrame.make(version: next, columns: frame.columnCount, rows: VersionFrame.rows(forVersion: next, base: baseRows)).encoded(), as: name)
                fresh += 1
            }
        }
        report(["iterations": "\(iterations)", "fresh_puts": "\(fresh)", "shared_puts": "\(shared)"])
    }

    /// Gets tensor `name`, creates `readyFile`, waits for `goFile` (the test deletes the object
    /// meanwhile), then reads every value and checks it is its index.
    static func hold(store path: String, name: String, readyFile: String, goFile: String) throws {
        let store = try SharedMemoryStore.open(at: path)
        let tensor = try Tensor<Double>(decoding: store.get(name))
        let ready = open(readyFile, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        guard ready >= 0 else { throw HelperError("cannot create \(readyFile)") }
        close(ready)
        let deadline = monotonicSeconds() + 60
        while access(goFile, F_OK) != 0 {
            guard monotonicSeconds() < deadline else { throw HelperError("\(goFile) never appeared") }
            usleep(1000)
        }
        let mismatches = tensor.withUnsafeBufferPointer { values in
            var wrong = 0
            for index in values.indices where values[index] != Double(index) { wrong += 1 }
            return wrong
        }
        guard mismatches == 0 else { throw HelperError("\(mismatches) of \(tensor.count) values changed after the delete") }
        report(["elements": "\(tensor.count)", "verified": "true"])
    }

    static func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func report(_ fields: [String: String]) { DatasetTestHelper.report(fields) }
}

/// Frames whose every column `c0`, `c1`, ... holds the version number in every row: a torn or
/// mixed object shows as columns of different versions.
enum VersionFrame {
    static func make(version: Int, columns: Int, rows: Int) throws -> DataFrame {
        try DataFrame(columns: (0..<columns).map { index in
            ("c\(index)", try Column(Tensor<Int64>(repeating: Int64(version), shape: [rows])))
        })
    }

    /// Rows of a version in the rebind test: they vary with the version, so a frame that mixed
    /// two versions' metadata and blobs would not decode or would show the wrong count.
    static func rows(forVersion version: Int, base: Int) -> Int { base + version % 61 }

    /// The version of `frame`; throws unless every value of every column equals it.
    static func verify(_ frame: DataFrame) throws -> (Int, DataFrame) {
        guard let first = frame.columns.first else { throw HelperError("the frame has no columns") }
        let values = try first.column.values(as: Int64.self)
        guard values.count > 0 else { throw HelperError("the frame has no rows") }
        let version = values[0]
        for (name, column) in frame.columns {
            guard column.count == frame.rowCount else { throw HelperError("column \(name) has \(column.count) rows, the frame \(frame.rowCount)") }
            let wrong = try column.values(as: Int64.self).withUnsafeBufferPointer { firstDifference(in: $0, from: version) }
            if let (row, value) = wrong {
                throw HelperError("torn object: column \(name) row \(row) holds version \(value), column \(first.name) row 0 version \(version)")
            }
        }
        return (Int(version), frame)
    }
}

/// The first row of `values` not equal to `expected`, and its value. Compares chunks with
/// memcmp (fast even in a debug build), then finds the row in the differing chunk.
private func firstDifference(in values: UnsafeBufferPointer<Int64>, from expected: Int64) -> (Int, Int64)? {
    let chunk = 8192
    let pattern = [Int64](repeating: expected, count: chunk)
    var start = 0
    while start < values.count {
        let length = min(chunk, values.count - start)
        let equal = pattern.withUnsafeBytes { memcmp(values.baseAddress! + start, $0.baseAddress!, length * 8) == 0 }
        if !equal, let row = (start..<start + length).first(where: { values[$0] != expected }) { return (row, values[row]) }
        start += length
    }
    return nil
}

struct HelperError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
