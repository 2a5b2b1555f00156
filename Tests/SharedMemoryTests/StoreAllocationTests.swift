import DatasetSDK
import Foundation
@testable import DatasetSDKSharedMemory
import XCTest

final class StoreAllocationTests: XCTestCase {
    func testTensorFilledInPlaceIsSavedWithoutACopy() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open()
        let tensor = try store.makeTensor(shape: [1000, 8]) { (values: UnsafeMutableBufferPointer<Double>) in
            for index in values.indices { values[index] = Double(index) }
        }
        let plan = SegmentPlan(object: tensor.encoded(), storeID: store.identifier, mustCopy: [])
        XCTAssertEqual(plan.copiedBytes, 0, "the save would copy the allocation")
        try store.put(tensor.encoded(), as: "filled")
        let loaded = try Tensor<Double>(decoding: store.get("filled"))
        XCTAssertEqual(loaded.shape, [1000, 8])
        XCTAssertEqual(loaded[7999], 7999)
        XCTAssertEqual(FileSystemListing.entries(of: "\(temporary.path)/segments").count, 1)
        XCTAssertEqual(FileSystemListing.entries(of: "\(temporary.path)/tmp"), [])
        // The same allocation saved again under another name is shared, not moved twice.
        try store.put(tensor.encoded(), as: "again")
        XCTAssertEqual(FileSystemListing.entries(of: "\(temporary.path)/segments").count, 1)
    }

    func testUnsavedAllocationIsFreedWithItsLastView() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open(capacity: 1 << 20)
        do {
            let allocation = try store.allocate(byteCount: 600_000)
            allocation.mutableBytes.initializeMemory(as: UInt8.self, repeating: 7)
            XCTAssertThrowsError(try store.allocate(byteCount: 600_000), "the first allocation holds capacity")
        }
        XCTAssertNoThrow(try store.allocate(byteCount: 600_000), "a dropped allocation still holds capacity")
        XCTAssertEqual(FileSystemListing.entries(of: "\(temporary.path)/tmp"), [])
    }
}

final class UnnamedObjectTests: XCTestCase {
    func testUnnamedObjectsAreReadByIdAndEvictedLeastRecentlyUsedFirst() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open(capacity: 200_000, lru: true)
        let first = try store.put(Tensor<Double>(Array(repeating: 1, count: 10_000)).encoded(), as: nil)
        let second = try store.put(Tensor<Double>(Array(repeating: 2, count: 10_000)).encoded(), as: nil)
        _ = try store.get(id: first)  // first is now the most recently used
        try store.put(Tensor<Double>(Array(repeating: 3, count: 10_000)).encoded(), as: "named")
        XCTAssertEqual(try Tensor<Double>(decoding: store.get(id: first))[0], 1)
        XCTAssertThrowsError(try store.get(id: second), "the least recently used unnamed object should have been evicted")
    }
}
