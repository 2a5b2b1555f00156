import DatasetSDK
import Foundation
@testable import DatasetSDKSharedMemory
import XCTest

/// The typed column types and `datasetsdk.Series` through the store: views of its segments, and
/// a frame derived from a loaded one shares their blobs.
final class StoreColumnTypesTests: XCTestCase {
    func testTypedColumnsAndASeriesComeBackAsViewsOfTheStore() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open()
        let frame = try DataFrame(columns: [
            ("when", Column(timestamps: Tensor<Int64>([1, 2, 3]), unit: .microseconds, timeZone: "UTC", validity: ValidityBitmap([true, false, true]))),
            ("took", Column(durations: Tensor<Int64>([4, 5, 6]), unit: .seconds)),
            ("day", Column(dates: Tensor<Int32>([7, 8, 9]))),
            ("price", Column(decimals: [1, nil, -1], precision: 3, scale: 1)),
            ("zone", Column(["RL", "RM", "RL"]).categorical(ordered: true)),
        ])
        try store.put(frame.encoded(), as: "typed")
        let loaded = try DataFrame(decoding: store.get("typed"))
        for (name, column) in frame.columns {
            let other = try loaded.column(name)
            XCTAssertEqual(other.kind, column.kind, name)
            XCTAssertEqual((0..<3).map(other.value(at:)), (0..<3).map(column.value(at:)), name)
            guard case .store = other.blobs[0].origin else { return XCTFail("\(name): not a view of the store") }
        }

        let used = try store.usedBytes()
        try store.put(loaded.dropping(columns: ["took"]).encoded(), as: "derived")
        XCTAssertEqual(try store.usedBytes(), used, "the derived frame references the loaded blobs")

        let series = try Series(loaded.column("zone"), name: .string("zone"))
        try store.put(series.encoded(), as: "y")
        let back = try Series(decoding: store.get("y"))
        XCTAssertEqual(back.name, .string("zone"))
        XCTAssertEqual(back.values.value(at: 1), .string("RM"))
        XCTAssertEqual(back.values.categories?.count, 2)
    }
}
