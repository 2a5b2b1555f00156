import DatasetSDK
import Foundation
@testable import DatasetSDKSharedMemory
import XCTest

/// Producers and consumers in separate processes sharing one store.
final class CrossProcessStoreTests: XCTestCase {
    func testConsumerProcessMapsAGibibyteTensorWithoutCopyingIt() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open()
        let produced = try runHelper(["store-put-tensor", temporary.path, "big", "1024"])
        let elements = 1 << 27
        XCTAssertEqual(produced["elements"], "\(elements)")
        XCTAssertEqual(try store.usedBytes(), elements * 8)

        let consumed = try runHelper(["store-get-tensor", temporary.path, "big", "--sum"])
        XCTAssertEqual(consumed["elements"], "\(elements)")
        let growth = try XCTUnwrap(consumed["rss_growth_kib"].flatMap { Int($0) }, "\(consumed)")
        XCTAssertLessThan(growth, 64 << 10, "the get grew the consumer's RSS by \(growth) KiB: it copied the tensor")
        // 0 + 1 + ... + (2^27 - 1): every partial sum is an integer below 2^53, so exact.
        let expected = Double(elements) * Double(elements - 1) / 2
        XCTAssertEqual(consumed["sum"].flatMap { Double($0) }, expected, "\(consumed)")
    }

    func testFrameDerivedInAnotherProcessSharesColumnsAndWritesOnlyTheNewOne() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open()
        let rows = 4096
        let wide = try DataFrame(columns: (0..<20).map { index in
            ("c\(index)", Column((0..<rows).map { Double($0 * 20 + index) }))
        })
        try store.put(wide.encoded(), as: "wide")
        let usedByWide = try XCTUnwrap(store.statistics()["used_bytes"]?.intValue)
        XCTAssertEqual(usedByWide, 20 * rows * 8)

        let narrow = try runHelper(["store-derive", temporary.path, "wide", "narrow", "--drop", "c0,c1"])
        XCTAssertEqual(narrow["columns"], "18")
        XCTAssertEqual(try store.statistics()["used_bytes"]?.intValue, usedByWide, "saving the narrower frame wrote new bytes")
        XCTAssertEqual(try store.list().first { $0.name == "narrow" }?.sharedSegments, 1)

        let extended = try runHelper(["store-derive", temporary.path, "narrow", "extended", "--add", "row"])
        XCTAssertEqual(extended["columns"], "19")
        let newColumnBytes = (rows * MemoryLayout<Int64>.stride + 63) / 64 * 64
        XCTAssertEqual(try store.statistics()["used_bytes"]?.intValue, usedByWide + newColumnBytes,
                       "adding one column must write exactly that column")
        XCTAssertEqual(FileSystemListing.entries(of: "\(temporary.path)/segments").count, 2)

        let loaded = try DataFrame(decoding: store.get("extended"))
        XCTAssertEqual(loaded.columnNames, (2..<20).map { "c\($0)" } + ["row"])
        XCTAssertEqual(try loaded.values("c7", as: Double.self).scalars, (0..<rows).map { Double($0 * 20 + 7) })
        XCTAssertEqual(try loaded.values("row", as: Int64.self).scalars, (0..<Int64(rows)).map { $0 })
        try store.assertHoldsOnlyLiveObjects()
    }

    func testReaderKeepsItsValuesWhenTheObjectIsDeletedDuringTheRead() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open()
        try runHelper(["store-put-tensor", temporary.path, "held", "128"])
        let ready = "\(temporary.path)-ready", go = "\(temporary.path)-go"
        defer { unlink(ready); unlink(go) }
        let reader = try HelperProcess(["store-hold", temporary.path, "held", ready, go])
        XCTAssertTrue(waitUntil(seconds: 60) { access(ready, F_OK) == 0 || !reader.process.isRunning }, "the reader never got the object")
        XCTAssertTrue(reader.process.isRunning, "the reader exited before the delete")

        XCTAssertTrue(try store.delete("held"))
        XCTAssertEqual(FileSystemListing.entries(of: "\(temporary.path)/segments"), [], "the deleted object's files are still linked")
        XCTAssertEqual(try store.usedBytes(), 0)
        XCTAssertFalse(try store.contains("held"))
        close(open(go, O_CREAT | O_WRONLY, 0o600))

        let result = reader.waitForExit()
        XCTAssertEqual(result.status, 0, result.errorOutput)
        XCTAssertEqual(keyValues(result.output)["verified"], "true", result.output)
        XCTAssertEqual(keyValues(result.output)["elements"], "\(128 << 17)")
    }
}
