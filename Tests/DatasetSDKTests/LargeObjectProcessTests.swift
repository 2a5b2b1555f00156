import DatasetSDK
import XCTest

/// A 1 GiB tensor written by one process and loaded by another: loading maps the file instead of
/// reading it, and neither side holds more than one copy of the data.
final class LargeObjectProcessTests: XCTestCase {
    func testOneGibibyteTensorCrossesProcessesWithOneCopyAtMost() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("big.dso")
        let gibibyte = 1 << 20  // KiB

        let written = try runProduct("DatasetTestHelper", ["write-tensor", path, "1024"])
        XCTAssertEqual(written.status, 0, written.errorOutput)
        let writer = keyValues(written.output)
        XCTAssertEqual(writer["elements"], "\(1 << 27)")
        let writerPeak = try XCTUnwrap(Int(writer["peak_rss_kib"] ?? ""))
        XCTAssertLessThan(writerPeak, gibibyte * 13 / 10, "writer peak RSS \(writerPeak) KiB")

        // Mapping only: the load itself must not bring the data into memory.
        let mapped = try runProduct("DatasetTestHelper", ["load-tensor", path, "--no-verify"])
        XCTAssertEqual(mapped.status, 0, mapped.errorOutput)
        let mappedGrowth = try XCTUnwrap(Int(keyValues(mapped.output)["rss_growth_kib"] ?? ""))
        XCTAssertLessThan(mappedGrowth, 64 << 10, "loading without verification read \(mappedGrowth) KiB")

        // Verified load plus a full pass over the data: one mapped copy at most.
        let summed = try runProduct("DatasetTestHelper", ["load-tensor", path, "--sum"])
        XCTAssertEqual(summed.status, 0, summed.errorOutput)
        let reader = keyValues(summed.output)
        let n = Double(1 << 27)
        XCTAssertEqual(Double(reader["sum"] ?? ""), n * (n - 1) / 2)
        let readerPeak = try XCTUnwrap(Int(reader["peak_rss_kib"] ?? ""))
        XCTAssertLessThan(readerPeak, gibibyte * 13 / 10, "reader peak RSS \(readerPeak) KiB")
    }

    func testLoadCostDoesNotGrowWithSizeWhenMapping() throws {
        // Resident-memory growth of a mapping load is the same for 1 MiB and 256 MiB.
        let directory = try TemporaryDirectory()
        var growth: [Int] = []
        for mebibytes in [1, 256] {
            let path = directory.file("t\(mebibytes).dso")
            XCTAssertEqual(try runProduct("DatasetTestHelper", ["write-tensor", path, "\(mebibytes)"]).status, 0)
            let loaded = try runProduct("DatasetTestHelper", ["load-tensor", path, "--no-verify"])
            XCTAssertEqual(loaded.status, 0, loaded.errorOutput)
            growth.append(try XCTUnwrap(Int(keyValues(loaded.output)["rss_growth_kib"] ?? "")))
        }
        XCTAssertLessThan(abs(growth[1] - growth[0]), 8 << 10, "RSS growth by size: \(growth) KiB")
    }
}
