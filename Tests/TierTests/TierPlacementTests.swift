import DatasetSDK
import Foundation
import XCTest

/// The pipeline's placements over nodes: everything on one node, alternating nodes, each step
/// on a fresh node. Every load gives the saved values; what crosses the network is only what
/// a node lacks.
final class TierPlacementTests: XCTestCase {
    var cluster: TierCluster!

    override func setUp() async throws { cluster = try await TierCluster.make() }
    override func tearDown() async throws { cluster?.remove() }

    func testAllStepsOnOneNodeWriteTheTierAndFetchNothing() async throws {
        try cluster.node("a", "tier-save", "frame", "1", "4", "5000")
        let saved = try cluster.node("a", "tier-load", "frame")
        XCTAssertEqual(saved["version"], "1")
        XCTAssertEqual(saved["segments"], "1", "the load mapped the node's own copy: no segment was fetched")
        let keys1 = try await cluster.tierKeys("names")
        XCTAssertEqual(keys1, ["frame"])
        let keys2 = try await cluster.tierKeys("segments").count
        XCTAssertEqual(keys2, 1)
        try cluster.node("a", "tier-derive", "frame", "narrow", "c0")
        let derived = try cluster.node("a", "tier-load", "narrow")
        XCTAssertEqual(derived["columns"], "3")
        XCTAssertEqual(derived["segments"], "1", "the derived frame shares the node's segment")
        let keys3 = try await cluster.tierKeys("segments").count
        XCTAssertEqual(keys3, 1, "the derived frame uploaded only its record")
        let keys4 = try await cluster.tierKeys("names")
        XCTAssertEqual(keys4, ["frame", "narrow"])
    }

    func testAFreshNodeFetchesOnceAndThenMapsItsOwnCopy() async throws {
        try cluster.node("a", "tier-save", "frame", "7", "3", "20000")
        let first = try cluster.node("b", "tier-load", "frame")
        XCTAssertEqual(first["version"], "7")
        XCTAssertEqual(first["rows"], "20000")
        XCTAssertEqual(first["segments"], "1")
        let used = try XCTUnwrap(Int(first["used_bytes"] ?? ""))
        XCTAssertGreaterThanOrEqual(used, 3 * 20000 * 8)
        let second = try cluster.node("b", "tier-load", "frame")
        XCTAssertEqual(second["version"], "7")
        XCTAssertEqual(second["used_bytes"], first["used_bytes"], "the second load on the node fetched nothing")
    }

    func testAlternatingNodesShareBlobsInTheTierAndFetchOnlyWhatIsMissing() async throws {
        try cluster.node("a", "tier-save", "frame", "3", "4", "10000")
        try cluster.node("b", "tier-derive", "frame", "narrow", "c0")
        let keys5 = try await cluster.tierKeys("segments").count
        XCTAssertEqual(keys5, 1, "drop_cols on node b uploaded only metadata")
        // Node a holds every blob of `narrow` already (its own save): nothing to fetch.
        let onA = try cluster.node("a", "tier-load", "narrow")
        XCTAssertEqual(onA["columns"], "3")
        XCTAssertEqual(onA["segments"], "1")
        // A fresh node c fetches narrow's three columns, then only the fourth for frame.
        let narrow = try cluster.node("c", "tier-load", "narrow")
        let narrowBytes = try XCTUnwrap(Int(narrow["used_bytes"] ?? ""))
        let frame = try cluster.node("c", "tier-load", "frame")
        XCTAssertEqual(frame["version"], "3")
        XCTAssertEqual(frame["columns"], "4")
        let frameBytes = try XCTUnwrap(Int(frame["used_bytes"] ?? ""))
        XCTAssertLessThan(frameBytes - narrowBytes, 2 * 10000 * 8, "node c fetched only the column it lacked")
        XCTAssertGreaterThanOrEqual(frameBytes - narrowBytes, 10000 * 8)
    }

    func testTheTierDecidesWhichCopyIsCurrentNotANodesLeftover() async throws {
        try cluster.node("a", "tier-save", "frame", "1", "2", "1000")
        XCTAssertEqual(try cluster.node("b", "tier-load", "frame")["version"], "1")
        try cluster.node("a", "tier-save", "frame", "2", "2", "1000")
        XCTAssertEqual(try cluster.node("b", "tier-load", "frame")["version"], "2", "node b's v1 is stale once node a saved v2")
        try cluster.node("b", "tier-save", "frame", "3", "2", "1000")
        XCTAssertEqual(try cluster.node("a", "tier-load", "frame")["version"], "3")
        let stale = try cluster.node("b", "tier-load", "frame")
        XCTAssertEqual(stale["version"], "3")
        XCTAssertEqual(stale["objects"], "1", "the replaced copies were dropped from node b's store")
    }

    func testConcurrentLoadersOnOneNodeDownloadTheObjectOnce() async throws {
        try cluster.node("a", "tier-save", "frame", "5", "4", "200000")
        let loaders = try (0..<4).map { _ in try cluster.start(on: "b", ["tier-load", "frame"]) }
        for loader in loaders {
            let result = loader.wait()
            XCTAssertEqual(result.status, 0, result.errorOutput)
            XCTAssertTrue(result.output.contains("version=5"), result.output)
        }
        let after = try cluster.node("b", "tier-load", "frame")
        XCTAssertEqual(after["segments"], "1", "four loaders fetched one copy")
        XCTAssertEqual(after["objects"], "1")
    }
}
