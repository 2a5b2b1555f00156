import DatasetSDK
import Foundation
@testable import DatasetSDKSharedMemory
import XCTest

/// A fresh store folder under /dev/shm, removed after the test.
final class TemporaryStore {
    let path: String

    init() {
        path = "/dev/shm/datasetsdk-test-\(UUID().uuidString)"
    }

    func open(capacity: Int? = nil, lru: Bool = false) throws -> SharedMemoryStore {
        try SharedMemoryStore.open(at: path, capacity: capacity, eviction: lru ? .leastRecentlyUsed : .none)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

final class StoreBasicsTests: XCTestCase {
    func testPutThenGetReturnsViewsOfTheStoreFiles() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open()
        let frame = try DataFrame(columns: [("x", Column([1.5, 2.5, 3.5])), ("s", Column(["a", nil, "c"] as [String?]))])
        try store.put(frame.encoded(), as: "frame")
        let loaded = try DataFrame(decoding: store.get("frame"))
        XCTAssertEqual(try loaded.values("x", as: Double.self).scalars, [1.5, 2.5, 3.5])
        XCTAssertEqual(loaded["s"]!.value(at: 1), .null)
        guard case let .store(identifier, _) = try loaded.column("x").blobs[0].origin else { return XCTFail("not a store blob") }
        XCTAssertEqual(identifier, store.identifier)
    }

    func testDroppingColumnsOfALoadedFrameCopiesNothing() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open()
        let frame = try DataFrame(columns: (0..<10).map { ("c\($0)", Column((0..<1000).map { Double($0) })) })
        try store.put(frame.encoded(), as: "wide")
        let used = try store.usedBytes()
        let loaded = try DataFrame(decoding: store.get("wide"))
        try store.put(loaded.dropping(columns: ["c0", "c1"]).encoded(), as: "narrow")
        XCTAssertEqual(try store.usedBytes(), used, "saving the narrower frame wrote new bytes")
        let narrow = try DataFrame(decoding: store.get("narrow"))
        XCTAssertEqual(narrow.columnNames, (2..<10).map { "c\($0)" })
        XCTAssertEqual(try store.list().first { $0.name == "narrow" }?.sharedSegments, 1)
    }

    func testRebindingFreesTheOldObjectOnlyWhenUnreferenced() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open()
        try store.put(Tensor<Double>(Array(repeating: 1, count: 1000)).encoded(), as: "a")
        let loaded = try store.get("a")
        try store.put(loaded, as: "b")  // shares a's segment
        try store.put(Tensor<Double>([2]).encoded(), as: "a")
        XCTAssertEqual(try Tensor<Double>(decoding: store.get("b")).count, 1000)
        try store.delete("b")
        XCTAssertEqual(FileSystemListing.entries(of: "\(temporary.path)/segments").count, 1)
        // The loaded views stay valid after their files are unlinked.
        XCTAssertEqual(try Tensor<Double>(decoding: loaded).scalars.reduce(0, +), 1000)
    }

    func testFullStoreNamesWhatUsesTheSpace() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open(capacity: 100_000)
        try store.put(Tensor<Double>(Array(repeating: 1, count: 10_000)).encoded(), as: "big")
        XCTAssertThrowsError(try store.put(Tensor<Double>(Array(repeating: 1, count: 5_000)).encoded(), as: "more")) { error in
            XCTAssertTrue("\(error)".contains("is full"), "\(error)")
            XCTAssertTrue("\(error)".contains("big"), "\(error)")
        }
        XCTAssertEqual(try Tensor<Double>(decoding: store.get("big")).count, 10_000)
    }

    func testBadNamesAreRefused() throws {
        let store = try TemporaryStore().open()
        for name in ["", "a/b", "..", "x..y", String(repeating: "n", count: 300), "tab\tname"] {
            XCTAssertThrowsError(try store.put(Record().encoded(), as: name), name)
        }
    }

    func testStoreFolderAndFilesArePrivate() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open()
        try store.put(Tensor<Int32>([1, 2]).encoded(), as: "t")
        var info = stat()
        stat(temporary.path, &info)
        XCTAssertEqual(info.st_mode & 0o777, 0o700)
        let segment = FileSystemListing.entries(of: "\(temporary.path)/segments")[0]
        stat("\(temporary.path)/segments/\(segment)", &info)
        XCTAssertEqual(info.st_mode & 0o777, 0o400)
        stat("\(temporary.path)/store.sqlite", &info)
        XCTAssertEqual(info.st_mode & 0o077, 0)
    }
}
