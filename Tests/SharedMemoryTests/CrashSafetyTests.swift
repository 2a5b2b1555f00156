import DatasetSDK
import Foundation
@testable import DatasetSDKSharedMemory
import XCTest

/// A writer killed with SIGKILL anywhere in a save leaves the previous version or the new one,
/// whole, and nothing that `gc` cannot collect.
final class CrashSafetyTests: XCTestCase {
    func testWriterKilledAtFiftyPointsOfASaveLeavesOneWholeVersionAndNoOrphans() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open()
        let columns = 8, rows = 1 << 20  // 64 MiB a version, so a save takes a while
        let name = "frame"
        let versionBytes = columns * rows * MemoryLayout<Int64>.stride

        // Version 1, saved by a helper that is not killed; its run time (start, open, one
        // save) scales the kill delays so they spread from start-up over two whole saves.
        let started = Date()
        XCTAssertEqual(try runHelper(["store-save-versions", temporary.path, name, "1", "\(columns)", "\(rows)", "--count", "1"])["last"], "1")
        let cycle = max(Date().timeIntervalSince(started), 0.05)
        var generator = SystemRandomNumberGenerator()
        let kills = 50
        var version = 1
        var outcomes = (kept: 0, replaced: 0, republished: 0)
        var leftovers = (reserved: 0, writing: 0, unlinking: 0, republishing: 0)

        for attempt in 0..<kills {
            let first = (attempt + 2) * 1000  // the versions this writer saves: first, first + 1, ...
            // Every fifth writer saves the bound object again (no copy, all publish), so some
            // kills land inside the SQLite transaction that publishes.
            let reshare = attempt % 5 == 4
            let writer = try HelperProcess(["store-save-versions", temporary.path, name, "\(first)", "\(columns)", "\(rows)"]
                                           + (reshare ? ["--reshare"] : []))
            // Stratified: attempt k lands in the k-th fiftieth of two cycles, at a random point of it.
            let delay = 2 * cycle * (Double(attempt) + Double.random(in: 0..<1, using: &generator)) / Double(kills)
            usleep(UInt32(delay * 1_000_000))
            writer.kill()
            let killed = writer.waitForExit()
            XCTAssertEqual(writer.process.terminationReason, .uncaughtSignal, "attempt \(attempt): the writer ended by itself: \(killed.errorOutput)")
            let published = killed.output.split(separator: "\n").compactMap { $0.hasPrefix("saved=") ? Int($0.dropFirst(6)) : nil }

            // Where the kill landed, from what the dead writer left behind (gc removes it all).
            let reserved = try !store.rows("SELECT 1 FROM reservations").isEmpty
            let writing = !FileSystemListing.entries(of: "\(temporary.path)/tmp").isEmpty
            let known = Set(try store.rows("SELECT key FROM segments").compactMap { $0[0].text })
            let unlinking = !Set(FileSystemListing.entries(of: "\(temporary.path)/segments")).isSubset(of: known)
            if writing { leftovers.writing += 1 } else if reserved { leftovers.reserved += 1 }
            if reshare, !published.isEmpty { leftovers.republishing += 1 }
            if unlinking { leftovers.unlinking += 1 }

            // A new process opens the store (collecting the dead writer's leftovers) and checks it.
            let check = try runProduct("DatasetTestHelper", ["store-check", temporary.path, name])
            XCTAssertEqual(check.status, 0, "attempt \(attempt) (killed after \(delay) s): \(check.errorOutput)")
            let found = keyValues(check.output)
            XCTAssertEqual(found["columns"], "\(columns)", "attempt \(attempt)")
            XCTAssertEqual(found["rows"], "\(rows)", "attempt \(attempt)")
            guard let seen = found["version"].flatMap({ Int($0) }) else { return XCTFail("attempt \(attempt): no version in \(check.output)") }
            // The last version the writer reported, or the one it was publishing when killed;
            // with nothing reported, the previous version or the writer's first one.
            let allowed = reshare ? [version] : published.last.map { [$0, $0 + 1] } ?? [version, first]
            XCTAssertTrue(allowed.contains(seen), "attempt \(attempt): found version \(seen), expected one of \(allowed)")
            if reshare { outcomes.republished += 1 } else if seen == version { outcomes.kept += 1 } else { outcomes.replaced += 1 }
            version = seen
        }
        print("""
            CrashSafetyTests: \(kills) kills (cycle \(cycle) s): \(outcomes.kept) left the previous version, \(outcomes.replaced) a new one, \(outcomes.republished) re-saved it; \
            killed after reserving space: \(leftovers.reserved), while writing a segment: \(leftovers.writing), \
            after publishing before unlinking the old segment: \(leftovers.unlinking), \
            in a loop of copy-free saves (all publish): \(leftovers.republishing)
            """)

        let collected = try runHelper(["store-gc", temporary.path])
        XCTAssertEqual(collected["used_bytes"], "\(versionBytes)")
        try store.collectGarbage()
        try store.assertHoldsOnlyLiveObjects()
        XCTAssertEqual(try store.usedBytes(), versionBytes, "more than the one live version is held")
        XCTAssertEqual(try store.rows("SELECT COUNT(*) FROM objects").first?[0].integer, 1)
        let frame = try DataFrame(decoding: store.get(name))
        XCTAssertEqual(try frame.values("c5", as: Int64.self)[rows - 1], Int64(version))
    }

    func testCheckerRejectsAFrameMixingVersions() throws {
        let temporary = TemporaryStore()
        let store = try temporary.open()
        let mixedColumns = try VersionFrame.make(version: 7, columns: 3, rows: 100).adding(Column(Array(repeating: Int64(8), count: 100)), named: "c3")
        var values = Array(repeating: Int64(7), count: 10_000)
        values[7777] = 8
        let mixedRow = try DataFrame(columns: [("c0", Column(Array(repeating: Int64(7), count: 10_000))), ("c1", Column(values))])
        for (name, frame) in [("columns", mixedColumns), ("row", mixedRow)] {
            try store.put(frame.encoded(), as: name)
            let check = try runProduct("DatasetTestHelper", ["store-check", temporary.path, name])
            XCTAssertEqual(check.status, 1, "the checker accepted a torn frame: \(check.output)")
            XCTAssertTrue(check.errorOutput.contains("torn object"), check.errorOutput)
        }
        XCTAssertTrue(try runProduct("DatasetTestHelper", ["store-check", temporary.path, "row"]).errorOutput.contains("row 7777"))
    }
}
