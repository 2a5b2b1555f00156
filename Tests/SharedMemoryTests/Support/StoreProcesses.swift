import DatasetSDK
import Foundation
import TestSupport
@testable import DatasetSDKSharedMemory
import XCTest

// Helpers for tests that run dataset-test-helper's `store-*` subcommands as real processes
// (copied from DatasetSDKTests' support, which this target cannot see).

/// The build folder holding the test bundle and the package's executables.
var buildProductsDirectory: URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().resolvingSymlinksInPath()
}

/// The path of one of the package's executables.
func productPath(_ name: String) -> String {
    var directory = buildProductsDirectory
    if !FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) {
        directory = directory.deletingLastPathComponent()
    }
    return directory.appendingPathComponent(name).path
}

/// Runs one of the package's executables to completion and returns what it printed.
func runProduct(_ name: String, _ arguments: [String]) throws -> ProcessOutput {
    let process = try HelperProcess(product: name, arguments)
    return process.waitForExit()
}

/// Runs `dataset-test-helper` with `arguments`; fails the test (naming the arguments and the
/// helper's error output) unless it exits 0. Returns its `key=value` output.
@discardableResult
func runHelper(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> [String: String] {
    let result = try runProduct("DatasetTestHelper", arguments)
    XCTAssertEqual(result.status, 0, "dataset-test-helper \(arguments.joined(separator: " ")): \(result.errorOutput)", file: file, line: line)
    return keyValues(result.output)
}

/// Parses `key=value key=value` lines printed by dataset-test-helper (a later key wins).
func keyValues(_ line: String) -> [String: String] {
    var result: [String: String] = [:]
    for pair in line.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
        let parts = pair.split(separator: "=", maxSplits: 1)
        if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
    }
    return result
}

/// A child process started in the background; its output is read once it has exited.
final class HelperProcess {
    let process = Process()
    private let output = Pipe()
    private let errors = Pipe()

    init(product: String = "DatasetTestHelper", _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: productPath(product))
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Sends SIGKILL: the process dies wherever it is, without running any cleanup.
    func kill() { _ = Glibc.kill(process.processIdentifier, SIGKILL) }

    /// Waits for the exit (the process is reaped) and returns its output and status.
    func waitForExit() -> ProcessOutput {
        TestSupport.waitForExit(of: process, output: output, errors: errors)
    }
}


/// Frames whose every column `c0`, `c1`, ... holds the version number in every row (the same
/// shape dataset-test-helper's `store-save-versions` and `store-rebind` write).
enum VersionFrame {
    static func make(version: Int, columns: Int, rows: Int) throws -> DataFrame {
        try DataFrame(columns: (0..<columns).map { index in
            ("c\(index)", try Column(Tensor<Int64>(repeating: Int64(version), shape: [rows])))
        })
    }
}

/// Polls `condition` every millisecond for up to `seconds`; returns whether it became true.
func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while !condition() {
        if Date() > deadline { return false }
        usleep(1000)
    }
    return true
}

extension SharedMemoryStore {
    /// Rows of an SQL query on the store's database.
    func rows(_ sql: String) throws -> [[SQLiteValue]] { try database.rows(sql) }

    /// Asserts the store holds nothing but its live objects: `tmp/` is empty, every file in
    /// `segments/` is a row of the segments table with the row's size and the reverse, every
    /// segment's refcount counts the objects that reference it, no reservation is left, every
    /// object is named (unless `unnamedObjects` are expected) and the used bytes are exactly
    /// the bytes of the segments live objects reference.
    func assertHoldsOnlyLiveObjects(unnamedObjects: Int = 0, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(FileSystemListing.entries(of: "\(path)/tmp"), [], "tmp/ is not empty", file: file, line: line)
        var files: [String: Int] = [:]
        for name in FileSystemListing.entries(of: "\(path)/segments") {
            var info = stat()
            XCTAssertEqual(stat("\(path)/segments/\(name)", &info), 0, file: file, line: line)
            files[name] = Int(info.st_size)
        }
        var table: [String: Int] = [:]
        for row in try rows("SELECT key, size FROM segments") { table[row[0].text ?? "?"] = Int(row[1].integer ?? -1) }
        XCTAssertEqual(files, table, "segment files and the segments table differ", file: file, line: line)
        let badCounts = try rows("""
            SELECT g.key, g.refcount, (SELECT COUNT(*) FROM object_segments s WHERE s.segment = g.key) AS users
            FROM segments g WHERE g.refcount != users OR users = 0
            """)
        XCTAssertEqual(badCounts.count, 0, "segments with a wrong refcount or no object: \(badCounts)", file: file, line: line)
        XCTAssertEqual(try rows("SELECT token FROM reservations").count, 0, "reservations left", file: file, line: line)
        let unnamed = try rows("SELECT COUNT(*) FROM objects WHERE id NOT IN (SELECT object_id FROM names)").first?[0].integer
        XCTAssertEqual(unnamed, Int64(unnamedObjects), "unnamed objects", file: file, line: line)
        let liveBytes = try rows("""
            SELECT COALESCE(SUM(size), 0) FROM segments WHERE key IN (SELECT segment FROM object_segments)
            """).first?[0].integer ?? -1
        XCTAssertEqual(try usedBytes(), Int(liveBytes), "used bytes are not the bytes of live objects", file: file, line: line)
        XCTAssertEqual(try statistics()["used_bytes"]?.intValue, Int(liveBytes), file: file, line: line)
    }
}
