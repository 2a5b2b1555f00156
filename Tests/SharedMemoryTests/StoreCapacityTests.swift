import DatasetSDK
import Foundation
@testable import DatasetSDKSharedMemory
import XCTest

/// Capacity, eviction and the format version.
final class StoreCapacityTests: XCTestCase {
    /// A 30 000-byte tensor (3 750 doubles, all `value`).
    private func block(_ value: Double) -> EncodedObject {
        Tensor<Double>(Array(repeating: value, count: 3750)).encoded()
    }

    private func objectIDs(_ store: SharedMemoryStore) throws -> Set<[UInt8]> {
        Set(try store.rows("SELECT id FROM objects").compactMap { $0[0].blob })
    }

    func testLeastRecentlyUsedEvictionTakesUnnamedObjectsOldestFirstAndNeverNamedOnes() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open(capacity: 100_000, lru: true)
        let unnamed = try (1...3).map { try store.put(block(Double($0)), as: nil).bytes }
        XCTAssertEqual(try objectIDs(store), Set(unnamed))
        XCTAssertEqual(try store.usedBytes(), 90_000)

        for (index, name) in ["k1", "k2", "k3"].enumerated() {
            try store.put(block(Double(10 + index)), as: name)
            XCTAssertEqual(try objectIDs(store).intersection(unnamed), Set(unnamed.dropFirst(index + 1)),
                           "after saving \(name), the oldest unnamed objects must be the ones gone")
            XCTAssertEqual(try store.usedBytes(), 90_000)
        }
        // Only named objects left: nothing may be evicted.
        XCTAssertThrowsError(try store.put(block(99), as: "k4")) { XCTAssertTrue("\($0)".contains("is full"), "\($0)") }
        XCTAssertThrowsError(try store.put(block(99), as: nil)) { XCTAssertTrue("\($0)".contains("is full"), "\($0)") }
        for (index, name) in ["k1", "k2", "k3"].enumerated() {
            XCTAssertEqual(try Tensor<Double>(decoding: store.get(name)).scalars, Array(repeating: Double(10 + index), count: 3750))
        }
        XCTAssertFalse(try store.contains("k4"))
        try store.assertHoldsOnlyLiveObjects()
    }

    func testWithoutEvictionAFullStoreThrowsAndKeepsEverything() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open(capacity: 100_000)
        try store.put(block(1), as: "named")
        let unnamed = try store.put(block(2), as: nil)
        let used = try store.usedBytes()
        let files = Set(FileSystemListing.entries(of: "\(temporary.path)/segments"))

        for name in ["more", nil] {
            XCTAssertThrowsError(try store.put(Tensor<Double>(Array(repeating: 3, count: 6000)).encoded(), as: name)) { error in
                XCTAssertTrue("\(error)".contains("is full"), "\(error)")
                XCTAssertTrue("\(error)".contains("named"), "the message should name what holds the space: \(error)")
            }
        }
        XCTAssertEqual(try store.usedBytes(), used)
        XCTAssertEqual(Set(FileSystemListing.entries(of: "\(temporary.path)/segments")), files)
        XCTAssertEqual(try objectIDs(store).count, 2)
        XCTAssertTrue(try objectIDs(store).contains(unnamed.bytes))
        XCTAssertFalse(try store.contains("more"))
        XCTAssertEqual(try Tensor<Double>(decoding: store.get("named")).scalars, Array(repeating: 1, count: 3750))
        try store.assertHoldsOnlyLiveObjects(unnamedObjects: 1)
    }

    func testStoreOfAnotherFormatVersionIsRefusedNamingBothVersions() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open()
        try store.put(block(1), as: "kept")
        _ = try store.rows("UPDATE meta SET value = '99' WHERE key = 'format_version'")

        // Another process opening the store.
        let result = try runProduct("DatasetTestHelper", ["store-stats", temporary.path])
        XCTAssertNotEqual(result.status, 0, result.output)
        XCTAssertTrue(result.errorOutput.contains("format version 99"), result.errorOutput)
        XCTAssertTrue(result.errorOutput.contains("reads version \(StoreStatements.formatVersion)"), result.errorOutput)
        XCTAssertTrue(result.errorOutput.contains(temporary.path), result.errorOutput)

        // This process opening it afresh (another capacity bypasses the per-process cache).
        XCTAssertThrowsError(try temporary.open(capacity: 1 << 20)) { error in
            guard case let StoreError.incompatibleVersion(path, found, supported) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, temporary.path)
            XCTAssertEqual(found, "99")
            XCTAssertEqual(supported, StoreStatements.formatVersion)
        }
        // The refused store was left as it was.
        XCTAssertEqual(try store.rows("SELECT value FROM meta WHERE key = 'format_version'").first?[0].text, "99")
        XCTAssertEqual(try store.rows("SELECT COUNT(*) FROM names").first?[0].integer, 1)
        XCTAssertEqual(FileSystemListing.entries(of: "\(temporary.path)/segments").count, 1)
    }
}
