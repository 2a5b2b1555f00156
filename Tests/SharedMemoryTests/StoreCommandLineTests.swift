import DatasetSDK
import Foundation
@testable import DatasetSDKSharedMemory
import XCTest

/// `datasets store ...`, run as a real process against a store the test fills through the library.
final class StoreCommandLineTests: XCTestCase {
    func testListShowsEveryNameWithItsTypeSizeAndSegments() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open()
        try store.put(Tensor<Double>(Array(repeating: 1.5, count: 1000)).encoded(), as: "prices")
        let frame = try DataFrame(columns: (0..<4).map { ("c\($0)", Column((0..<256).map { Double($0) })) })
        try store.put(frame.encoded(), as: "wide")
        try store.put(DataFrame(decoding: store.get("wide")).dropping(columns: ["c0"]).encoded(), as: "narrow")

        let result = try runProduct("datasets", ["store", "ls", "--store", temporary.path])
        XCTAssertEqual(result.status, 0, result.errorOutput)
        let lines = result.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, result.output)
        XCTAssertEqual(lines.first?.split(separator: " ").map(String.init), ["NAME", "TYPE", "SIZE", "SEGMENTS", "SHARED", "BOUND"])
        // Rows are sorted by name: NAME TYPE SIZE UNIT SEGMENTS SHARED DATE TIME.
        let rows = lines.dropFirst().map { $0.split(separator: " ").map(String.init) }
        XCTAssertEqual(rows.map { $0.first }, ["narrow", "prices", "wide"])
        XCTAssertEqual(rows[1].prefix(6), ["prices", "datasetsdk.Tensor", "7.8", "KiB", "1", "0"], lines[2])
        XCTAssertEqual(rows[2].prefix(6), ["wide", "datasetsdk.DataFrame", "8", "KiB", "1", "1"], lines[3])
        XCTAssertEqual(rows[0].prefix(6), ["narrow", "datasetsdk.DataFrame", "6", "KiB", "1", "1"], lines[1])
        XCTAssertEqual(try store.list().map(\.totalBytes), [6144, 8000, 8192])
        for row in rows {
            XCTAssertEqual(row.count, 8, "\(row)")
            XCTAssertNotNil(row.last?.wholeMatch(of: /\d\d:\d\d:\d\d/), "bound time: \(row)")
        }
    }

    func testListOfAnEmptyStoreSaysSoAndAMissingStoreIsAnError() throws {
        let temporary = TemporaryStore()
        _ = try temporary.open()
        let empty = try runProduct("datasets", ["store", "ls", "--store", temporary.path])
        XCTAssertEqual(empty.status, 0, empty.errorOutput)
        XCTAssertEqual(empty.output, "no named objects in the shared-memory store \(temporary.path)\n")

        let missing = "\(temporary.path)-missing"
        for arguments in [["ls"], ["stats"], ["gc"], ["inspect", "x"], ["rm", "x"]] {
            let result = try runProduct("datasets", ["store"] + arguments + ["--store", missing])
            XCTAssertEqual(result.status, 1, "\(arguments): \(result.output)")
            XCTAssertTrue(result.errorOutput.hasPrefix("Error: no shared-memory store at \(missing)"), result.errorOutput)
            XCTAssertFalse(FileManager.default.fileExists(atPath: missing), "\(arguments) created the store")
        }
    }

    func testInspectPrintsTheMetadataWithTheBlobsStoreKeys() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open()
        let frame = try DataFrame(columns: [("Id", Column([1, 2, 3] as [Int64])), ("Alley", Column([nil, "Grvl", nil] as [String?]))])
        try store.put(frame.encoded(), as: "frame")

        let result = try runProduct("datasets", ["store", "inspect", "frame", "--store", temporary.path])
        XCTAssertEqual(result.status, 0, result.errorOutput)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], result.output)
        XCTAssertEqual(json["type"] as? String, DataFrame.typeName)
        XCTAssertEqual((json["fields"] as? [String: Any])?["columns"] as? [String], ["Id", "Alley"])
        let members = try XCTUnwrap(json["members"] as? [String: Any])
        let alley = try XCTUnwrap((members["Alley"] as? [String: Any])?["blobs"] as? [String: [String: Any]])
        XCTAssertEqual(Set(alley.keys), ["offsets", "bytes", "validity"])
        XCTAssertEqual(alley["offsets"]?["size"] as? Int, 32)

        let keys = storeKeys(in: json)
        XCTAssertEqual(keys.count, 4, result.output)
        let segments = Set(FileSystemListing.entries(of: "\(temporary.path)/segments"))
        for key in keys {
            let parts = key.split(separator: "@").map(String.init)
            XCTAssertEqual(parts.count, 2, key)
            XCTAssertTrue(segments.contains(parts[0]), "\(key) names no segment file of the store")
            XCTAssertNotNil(Int(parts.last ?? ""), key)
        }

        let missing = try runProduct("datasets", ["store", "inspect", "nothing", "--store", temporary.path])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.errorOutput.hasPrefix("Error: no object named 'nothing' in the shared-memory store \(temporary.path)"), missing.errorOutput)
        let invalid = try runProduct("datasets", ["store", "inspect", "a/b", "--store", temporary.path])
        XCTAssertEqual(invalid.status, 1)
        XCTAssertTrue(invalid.errorOutput.contains("invalid object name 'a/b'"), invalid.errorOutput)
        XCTAssertTrue(invalid.errorOutput.contains(temporary.path), invalid.errorOutput)
    }

    func testRemoveUnbindsTheNameAndASecondRemoveFails() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open()
        try store.put(Tensor<Int32>([1, 2, 3]).encoded(), as: "a")
        try store.put(Tensor<Int32>([4]).encoded(), as: "b")

        let first = try runProduct("datasets", ["store", "rm", "a", "--store", temporary.path])
        XCTAssertEqual(first.status, 0, first.errorOutput)
        XCTAssertEqual(first.output, "removed 'a' from \(temporary.path)\n")
        XCTAssertFalse(try store.contains("a"))
        XCTAssertEqual(try store.list().map(\.name), ["b"])
        XCTAssertEqual(FileSystemListing.entries(of: "\(temporary.path)/segments").count, 1, "a's segment was not freed")

        let second = try runProduct("datasets", ["store", "rm", "a", "--store", temporary.path])
        XCTAssertEqual(second.status, 1)
        XCTAssertEqual(second.output, "")
        XCTAssertTrue(second.errorOutput.hasPrefix("Error: no object named 'a' in the shared-memory store \(temporary.path)"), second.errorOutput)
        XCTAssertTrue(try store.contains("b"))
    }

    func testCollectRemovesOrphanedSegmentsAndDeadWritersFolders() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open()
        try store.put(Tensor<Double>([1, 2, 3]).encoded(), as: "kept")
        let orphan = "\(temporary.path)/segments/00000000000000000000000000abcdef"
        try Data(count: 1000).write(to: URL(fileURLWithPath: orphan))
        let deadWriter = "\(temporary.path)/tmp/999999999-0123456789abcdef"  // no process has this id
        try FileManager.default.createDirectory(atPath: deadWriter, withIntermediateDirectories: false)
        try Data(count: 23).write(to: URL(fileURLWithPath: "\(deadWriter)/0123456789abcdef"))

        let result = try runProduct("datasets", ["store", "gc", "--store", temporary.path])
        XCTAssertEqual(result.status, 0, result.errorOutput)
        XCTAssertEqual(result.output, "\(temporary.path): removed 3 orphaned files, reclaimed 1023 B\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: orphan))
        XCTAssertFalse(FileManager.default.fileExists(atPath: deadWriter))
        XCTAssertEqual(try Tensor<Double>(decoding: store.get("kept")).scalars, [1, 2, 3])

        let again = try runProduct("datasets", ["store", "gc", "--store", temporary.path])
        XCTAssertEqual(again.status, 0, again.errorOutput)
        XCTAssertEqual(again.output, "\(temporary.path): removed 0 orphaned files, reclaimed 0 B\n")
    }

    func testStatsShowsCountsUsageAndTheCapacityWhenSet() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open(capacity: 1 << 20)
        try store.put(Tensor<Double>(Array(repeating: 2, count: 1000)).encoded(), as: "t")
        try store.put(store.get("t"), as: "same")  // shares t's segment
        let used = try XCTUnwrap(store.statistics()["used_bytes"]?.intValue)
        XCTAssertEqual(used, 8000)

        let table = try runProduct("datasets", ["store", "stats", "--store", temporary.path])
        XCTAssertEqual(table.status, 0, table.errorOutput)
        let rows = Dictionary(uniqueKeysWithValues: table.output.split(separator: "\n").map { line in
            let label = String(line.prefix(18)).trimmingCharacters(in: .whitespaces)
            return (label, String(line.dropFirst(18)))
        })
        XCTAssertEqual(rows["store"], temporary.path)
        XCTAssertEqual(rows["names"], "2")
        XCTAssertEqual(rows["objects"], "2")
        XCTAssertEqual(rows["segments"], "1")
        XCTAssertEqual(rows["shared segments"], "1")
        XCTAssertEqual(rows["used"], "7.8 KiB (8000 bytes)")
        XCTAssertEqual(rows["capacity"], "1 MiB (1048576 bytes)")
        XCTAssertEqual(rows["free"], "1016.2 KiB (1040576 bytes)")
        XCTAssertNotNil(rows["file-system free"]?.wholeMatch(of: /[0-9.]+ [KMGT]iB \(\d+ bytes\)/), table.output)
        XCTAssertEqual(rows["eviction"], "none")

        let json = try runProduct("datasets", ["store", "stats", "--json", "--store", temporary.path])
        XCTAssertEqual(json.status, 0, json.errorOutput)
        let statistics = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any], json.output)
        XCTAssertEqual(statistics["capacity_bytes"] as? Int, 1 << 20)
        XCTAssertEqual(statistics["free_bytes"] as? Int, (1 << 20) - 8000)
        XCTAssertEqual(statistics["used_bytes"] as? Int, 8000)
        XCTAssertEqual(statistics["names"] as? Int, 2)
        XCTAssertEqual(statistics["store"] as? String, temporary.path)
        XCTAssertGreaterThan(statistics["file_system_free_bytes"] as? Int ?? 0, 0)

        let unlimited = TemporaryStore()
        _ = try unlimited.open()
        let plain = try runProduct("datasets", ["store", "stats", "--store", unlimited.path])
        XCTAssertEqual(plain.status, 0, plain.errorOutput)
        XCTAssertTrue(plain.output.contains("capacity          unlimited"), plain.output)
        let plainJSON = try runProduct("datasets", ["store", "stats", "--json", "--store", unlimited.path])
        let plainStatistics = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(plainJSON.output.utf8)) as? [String: Any])
        XCTAssertNil(plainStatistics["capacity_bytes"])
        XCTAssertEqual(plainStatistics["used_bytes"] as? Int, 0)
    }

    /// Every `store_key` in a JSON tree.
    private func storeKeys(in json: Any) -> [String] {
        if let map = json as? [String: Any] {
            return map.flatMap { key, value in key == "store_key" ? [value as? String ?? "?"] : storeKeys(in: value) }
        }
        if let list = json as? [Any] { return list.flatMap(storeKeys(in:)) }
        return []
    }
}
