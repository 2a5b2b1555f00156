import DatasetSDK
import DatasetSDKSharedMemory

#if canImport(Glibc)
import Glibc
#endif

// Helpers of `datasets-bench store`: child processes, the benchmark's objects, reading bytes.

/// Seconds since `start`.
func secondsSince(_ start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// A finished child process: what it printed and how long it lived.
struct ChildRun {
    /// Standard output.
    var output: String
    /// Wall seconds from before `posix_spawn` to after `waitpid`: everything the process cost.
    var wallSeconds: Double
    /// Exit status (or 128 + signal).
    var status: Int32

    /// `key=value` pairs of the last line that has any (the child's result line).
    var values: [String: Double] {
        var result: [String: Double] = [:]
        for line in output.split(separator: "\n") {
            let pairs = line.split(separator: " ").compactMap { part -> (String, Double)? in
                let sides = part.split(separator: "=", maxSplits: 1)
                guard sides.count == 2, let value = Double(sides[1]) else { return nil }
                return (String(sides[0]), value)
            }
            if !pairs.isEmpty { result = Dictionary(pairs, uniquingKeysWith: { $1 }) }
        }
        return result
    }
}

struct ChildFailure: Error, CustomStringConvertible {
    let command: [String]
    let status: Int32
    let output: String
    var description: String { "\(command.joined(separator: " ")) exited with \(status): \(output.suffix(600))" }
}

/// Runs `arguments[0]` (looked up on PATH when it has no `/`) with standard output captured and
/// standard error inherited. Times the whole process.
func runChild(_ arguments: [String], environment: [String: String] = [:]) throws -> ChildRun {
    var pipeEnds: [Int32] = [0, 0]
    guard pipe(&pipeEnds) == 0 else { throw ChildFailure(command: arguments, status: -1, output: "pipe: \(String(cString: strerror(errno)))") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
    posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
    posix_spawn_file_actions_addclose(&actions, pipeEnds[1])

    // This process's environment (from /proc: `environ` is shared mutable state to Swift 6),
    // with `environment` overriding it.
    var environmentLines = processEnvironment().filter { line in
        !environment.keys.contains { line.hasPrefix($0 + "=") }
    }
    environmentLines += environment.map { "\($0.key)=\($0.value)" }
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environmentLines.map { strdup($0) } + [nil]
    defer {
        for pointer in argv { free(pointer) }
        for pointer in envp { free(pointer) }
    }

    var pid: pid_t = 0
    let start = ContinuousClock.now
    let spawned = arguments[0].contains("/")
        ? posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        : posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp)
    close(pipeEnds[1])
    guard spawned == 0 else {
        close(pipeEnds[0])
        throw ChildFailure(command: arguments, status: -1, output: "posix_spawn: \(String(cString: strerror(spawned)))")
    }
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(pipeEnds[0], $0.baseAddress, $0.count) }
        if count > 0 { output += buffer[0..<count] } else if count == 0 || errno != EINTR { break }
    }
    close(pipeEnds[0])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    let wall = secondsSince(start)
    let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return ChildRun(output: String(decoding: output, as: UTF8.self), wallSeconds: wall, status: exitStatus)
}

/// Runs a child that must succeed.
func runCheckedChild(_ arguments: [String]) throws -> ChildRun {
    let run = try runChild(arguments)
    guard run.status == 0 else { throw ChildFailure(command: arguments, status: run.status, output: run.output) }
    return run
}

/// This executable's path, to re-execute it for child measurements.
func currentExecutablePath() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard count > 0 else { return CommandLine.arguments[0] }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The first line of a small text file (such as /proc/loadavg), or "".
func firstLine(of path: String) -> String {
    guard let file = fopen(path, "r") else { return "" }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 512)
    guard fgets(&buffer, Int32(buffer.count), file) != nil else { return "" }
    let bytes = buffer.prefix { $0 != 0 && $0 != 10 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}

/// The `NAME=value` lines of this process's environment.
func processEnvironment() -> [String] {
    guard let file = fopen("/proc/self/environ", "r") else { return [] }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
}

func fileExists(_ path: String) -> Bool { access(path, R_OK) == 0 }

/// Reads every byte of every blob once (sums 8-byte words), so page faults are paid.
func touchEveryByte(_ object: EncodedObject) -> UInt64 {
    var total: UInt64 = 0
    object.forEachBlob { _, blob in
        blob.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            let words = raw.count / 8
            let pointer = base.assumingMemoryBound(to: UInt64.self)
            for index in 0..<words { total &+= pointer[index] }
            for index in (words * 8)..<raw.count { total &+= UInt64(raw[index]) }
        }
    }
    return total
}

/// Distinct memory owners (store segments) behind an object's blobs: one `open` + `mmap` each.
func ownerCount(_ object: EncodedObject) -> Int {
    var owners = Set<ObjectIdentifier>()
    object.forEachBlob { _, blob in owners.insert(ObjectIdentifier(blob.owner)) }
    return owners.count
}

/// The benchmark's data frame: 8 Double, 4 Int64 and 4 string columns. Row `r` of `double<i>` is
/// `r / (i + 1)`, of `int<i>` `r * (i + 3)`, of `string<i>` `words[(r + i) % 8] + String(r % 1000)`
/// (as `scripts/bench/vineyard_peer.py` builds it in pandas).
enum BenchFrame {
    static let words = ["CollgCr", "Veenker", "Crawfor", "NoRidge", "Mitchel", "Somerst", "NWAmes", "OldTown"]
    static let doubleColumns = 8
    static let intColumns = 4
    static let stringColumns = 4

    /// The 8000 distinct strings, back to back, and where each starts (`starts[i] ..< starts[i + 1]`).
    struct StringTable {
        var bytes: [UInt8] = []
        var starts: [Int] = [0]

        init() {
            for word in BenchFrame.words {
                for number in 0..<1000 {
                    bytes += Array((word + String(number)).utf8)
                    starts.append(bytes.count)
                }
            }
        }

        @inline(__always) func entry(row: Int, column: Int) -> Int { ((row + column) % 8) * 1000 + row % 1000 }
        @inline(__always) func length(_ entry: Int) -> Int { starts[entry + 1] - starts[entry] }

        /// Bytes of string column `column` for `rows` rows.
        func totalBytes(rows: Int, column: Int) -> Int {
            var total = 0
            for row in 0..<rows { total += length(entry(row: row, column: column)) }
            return total
        }

        /// Writes the offsets (`rows + 1` Int64) and bytes of column `column`.
        func fill(rows: Int, column: Int, offsets: UnsafeMutableRawBufferPointer, bytes: UnsafeMutableRawBufferPointer) {
            let offsetValues = offsets.bindMemory(to: Int64.self)
            var position = 0
            offsetValues[0] = 0
            self.bytes.withUnsafeBytes { table in
                for row in 0..<rows {
                    let item = entry(row: row, column: column)
                    let start = starts[item]
                    let length = starts[item + 1] - start
                    (bytes.baseAddress! + position).copyMemory(from: table.baseAddress! + start, byteCount: length)
                    position += length
                    offsetValues[row + 1] = Int64(position)
                }
            }
        }
    }

    static func fillDoubles(_ values: UnsafeMutableBufferPointer<Double>, column: Int) {
        let divisor = Double(column + 1)
        for row in values.indices { values[row] = Double(row) / divisor }
    }

    static func fillInts(_ values: UnsafeMutableBufferPointer<Int64>, column: Int) {
        let factor = Int64(column + 3)
        for row in values.indices { values[row] = Int64(row) &* factor }
    }

    /// Built on the heap (the frame a producer hands to `put`, which copies it once).
    static func onHeap(rows: Int) throws -> DataFrame {
        let table = StringTable()
        var columns: [(String, Column)] = []
        for index in 0..<doubleColumns {
            columns.append(("double\(index)", try Column(Tensor<Double>(shape: [rows]) { fillDoubles($0, column: index) })))
        }
        for index in 0..<intColumns {
            columns.append(("int\(index)", try Column(Tensor<Int64>(shape: [rows]) { fillInts($0, column: index) })))
        }
        for index in 0..<stringColumns {
            let total = table.totalBytes(rows: rows, column: index)
            var offsets = Blob.empty
            let bytes = Blob(byteCount: total) { bytes in
                offsets = Blob(byteCount: (rows + 1) * 8) { offsets in table.fill(rows: rows, column: index, offsets: offsets, bytes: bytes) }
            }
            columns.append(("string\(index)", try Column(StringArray(offsets: offsets, bytes: bytes))))
        }
        return try DataFrame(columns: columns)
    }

    /// Produced in store memory: every column blob is its own allocation (what `makeTensor` and
    /// `allocate` per column give), so the object has 20 segments. Adds the seconds spent in
    /// `allocate` (fallocate + MAP_POPULATE) to `allocateSeconds`.
    static func inStorePerBlob(rows: Int, store: SharedMemoryStore, allocateSeconds: inout Double) throws -> DataFrame {
        let table = StringTable()
        func allocate(_ bytes: Int) throws -> StoreAllocation {
            let start = ContinuousClock.now
            defer { allocateSeconds += secondsSince(start) }
            return try store.allocate(byteCount: bytes)
        }
        var columns: [(String, Column)] = []
        for index in 0..<doubleColumns {
            let allocation = try allocate(rows * 8)
            fillDoubles(allocation.mutableBytes.bindMemory(to: Double.self), column: index)
            columns.append(("double\(index)", try Column(Tensor<Double>(shape: [rows], blob: allocation.blob))))
        }
        for index in 0..<intColumns {
            let allocation = try allocate(rows * 8)
            fillInts(allocation.mutableBytes.bindMemory(to: Int64.self), column: index)
            columns.append(("int\(index)", try Column(Tensor<Int64>(shape: [rows], blob: allocation.blob))))
        }
        for index in 0..<stringColumns {
            let offsets = try allocate((rows + 1) * 8)
            let bytes = try allocate(table.totalBytes(rows: rows, column: index))
            table.fill(rows: rows, column: index, offsets: offsets.mutableBytes, bytes: bytes.mutableBytes)
            columns.append(("string\(index)", try Column(StringArray(offsets: offsets.blob, bytes: bytes.blob))))
        }
        return try DataFrame(columns: columns)
    }

    /// Produced in store memory: one allocation, sliced at 64-byte aligned offsets into the
    /// column blobs, so the object has one segment.
    static func inStoreSliced(rows: Int, store: SharedMemoryStore, allocateSeconds: inout Double) throws -> DataFrame {
        let table = StringTable()
        func aligned(_ value: Int) -> Int { (value + 63) / 64 * 64 }
        let stringBytes = (0..<stringColumns).map { table.totalBytes(rows: rows, column: $0) }
        var ranges: [Range<Int>] = []
        var end = 0
        func take(_ count: Int) -> Range<Int> {
            let start = aligned(end)
            end = start + count
            return start..<end
        }
        for _ in 0..<(doubleColumns + intColumns) { ranges.append(take(rows * 8)) }
        for index in 0..<stringColumns {
            ranges.append(take((rows + 1) * 8))
            ranges.append(take(stringBytes[index]))
        }
        let allocateStart = ContinuousClock.now
        let allocation = try store.allocate(byteCount: end)
        allocateSeconds += secondsSince(allocateStart)
        let whole = allocation.mutableBytes
        func region(_ range: Range<Int>) -> UnsafeMutableRawBufferPointer { UnsafeMutableRawBufferPointer(rebasing: whole[range]) }
        var columns: [(String, Column)] = []
        for index in 0..<doubleColumns {
            fillDoubles(region(ranges[index]).bindMemory(to: Double.self), column: index)
            columns.append(("double\(index)", try Column(Tensor<Double>(shape: [rows], blob: allocation.blob.slice(ranges[index])))))
        }
        for index in 0..<intColumns {
            let range = ranges[doubleColumns + index]
            fillInts(region(range).bindMemory(to: Int64.self), column: index)
            columns.append(("int\(index)", try Column(Tensor<Int64>(shape: [rows], blob: allocation.blob.slice(range)))))
        }
        for index in 0..<stringColumns {
            let offsets = ranges[doubleColumns + intColumns + 2 * index]
            let bytes = ranges[doubleColumns + intColumns + 2 * index + 1]
            table.fill(rows: rows, column: index, offsets: region(offsets), bytes: region(bytes))
            columns.append(("string\(index)", try Column(StringArray(offsets: allocation.blob.slice(offsets), bytes: allocation.blob.slice(bytes)))))
        }
        return try DataFrame(columns: columns)
    }
}
