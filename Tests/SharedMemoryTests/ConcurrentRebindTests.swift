import DatasetSDK
import Foundation
@testable import DatasetSDKSharedMemory
import XCTest

/// Several processes reading and rebinding one name at once see whole objects only.
final class ConcurrentRebindTests: XCTestCase {
    func testEightProcessesReadingAndRebindingOneNameSeeOnlyWholeVersions() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open()
        let name = "shared", baseRows = 4096, seconds = 10
        // Version 0 has baseRows + 0 % 61 rows, as the workers expect.
        try store.put(VersionFrame.make(version: 0, columns: 8, rows: baseRows).encoded(), as: name)

        let workers = try (1...8).map { worker in
            try HelperProcess(["store-rebind", temporary.path, name, "\(worker)", "\(seconds)", "\(baseRows)"])
        }
        var fresh = 0, shared = 0
        for (index, worker) in workers.enumerated() {
            let result = worker.waitForExit()
            XCTAssertEqual(result.status, 0, "worker \(index + 1): \(result.errorOutput)")
            let counts = keyValues(result.output)
            XCTAssertGreaterThan(Int(counts["iterations"] ?? "") ?? 0, 0, "worker \(index + 1) did nothing: \(result.output)")
            fresh += Int(counts["fresh_puts"] ?? "") ?? 0
            shared += Int(counts["shared_puts"] ?? "") ?? 0
        }
        print("ConcurrentRebindTests: \(fresh) new versions and \(shared) shared re-saves in \(seconds) s")
        XCTAssertGreaterThan(shared, 0)

        let check = try runHelper(["store-check", temporary.path, name])
        XCTAssertEqual(check["columns"], "8")
        try runHelper(["store-gc", temporary.path])
        try store.collectGarbage()
        try store.assertHoldsOnlyLiveObjects()
        XCTAssertEqual(try store.rows("SELECT COUNT(*) FROM objects").first?[0].integer, 1)
    }
}
