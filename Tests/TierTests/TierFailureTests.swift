import DatasetSDK
import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// What goes wrong between nodes and the tier: wrong credentials, an unreachable tier, a
/// writer killed during its upload, the S3 server stopped during a save, damaged bytes in the tier, a full node under
/// `eviction: tier`. Nothing already stored is lost, and every error names the tier and the name.
final class TierFailureTests: XCTestCase {
    var cluster: TierCluster!

    override func setUp() async throws { cluster = try await TierCluster.make() }
    override func tearDown() async throws { cluster?.remove() }

    func testWrongCredentialsFailTheSaveNamingTheTierAndTheDataset() async throws {
        try cluster.writeCatalog(secret: "not-the-secret")
        let result = try cluster.run(on: "a", ["tier-save", "frame", "1", "2", "100"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.errorOutput.contains("s3://\(cluster.bucket)/tier/"), result.errorOutput)
        XCTAssertTrue(result.errorOutput.contains("'frame'"), result.errorOutput)
        XCTAssertTrue(result.errorOutput.contains("403") || result.errorOutput.contains("SignatureDoesNotMatch"), result.errorOutput)
        let keys1 = try await cluster.tierKeys("names")
        XCTAssertEqual(keys1, [], "nothing became current in the tier")
    }

    func testAnUnreachableTierFailsTheLoadAndLeavesTheNodesStoreAlone() async throws {
        try cluster.node("a", "tier-save", "frame", "1", "2", "100")
        try cluster.writeCatalog(secret: cluster.variables["DATASETS_S3_SECRET_KEY"]!, endpoint: "http://127.0.0.1:9")
        let result = try cluster.run(on: "a", ["tier-load", "frame"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.errorOutput.contains("cannot load 'frame' in the tier s3://\(cluster.bucket)/tier/"), result.errorOutput)
        try cluster.writeCatalog(secret: cluster.variables["DATASETS_S3_SECRET_KEY"]!)
        XCTAssertEqual(try cluster.node("a", "tier-load", "frame")["version"], "1")
    }

    func testAWriterKilledDuringItsUploadLeavesThePreviousCopyCurrent() async throws {
        try cluster.node("a", "tier-save", "frame", "1", "2", "1000")
        // `keep` shares v1's segment, so v1's segment stays when v2 replaces it: a second file in
        // segments/ then shows that v2 is published locally.
        try cluster.node("a", "tier-derive", "frame", "keep", "c1")
        // A large v2 (128 MiB) uploads for a while; kill the writer once its local copy is published.
        let writer = try cluster.startLargeSaveUntilPublished(on: "a")
        kill(writer.processIdentifier, SIGKILL)
        _ = writer.wait()
        XCTAssertEqual(try cluster.node("b", "tier-load", "frame")["version"], "1", "the tier still holds v1: a node elsewhere loads it")
        let keys2 = try await cluster.tierKeys("names")
        XCTAssertEqual(keys2, ["frame", "keep"])
        // The next save completes and replaces it.
        try cluster.node("a", "tier-save", "frame", "3", "2", "1000")
        XCTAssertEqual(try cluster.node("b", "tier-load", "frame")["version"], "3")
    }

    func testAnS3ServerStoppedDuringASaveFailsItAndLeavesEveryStoreConsistent() async throws {
        // A server of this test's own: the one scripts/test started serves the other tests.
        let seaweed = try SeaweedServer()
        defer { seaweed.stop() }
        cluster.remove()
        cluster = try await TierCluster.make(server: seaweed.variables)
        try cluster.node("a", "tier-save", "frame", "1", "2", "1000")
        try cluster.node("a", "tier-derive", "frame", "keep", "c1")
        // As above: stop the server once v2 (128 MiB) is published locally and its upload runs.
        let writer = try cluster.startLargeSaveUntilPublished(on: "a")
        seaweed.kill()
        let save = writer.wait()
        XCTAssertNotEqual(save.status, 0, "a save whose tier went away must fail")
        XCTAssertTrue(save.errorOutput.contains("'frame'") && save.errorOutput.contains("s3://\(cluster.bucket)/tier/"), save.errorOutput)

        // Back up on the same ports and data: the tier still names v1, and every node serves it.
        try seaweed.start()
        let keys = try await cluster.tierKeys("names")
        XCTAssertEqual(keys, ["frame", "keep"])
        XCTAssertEqual(try cluster.node("a", "tier-load", "frame")["version"], "1", "node a's unsent v2 is not the current copy")
        XCTAssertEqual(try cluster.node("b", "tier-load", "frame")["version"], "1")
        XCTAssertEqual(try cluster.node("a", "tier-load", "keep")["columns"], "1")
        try cluster.node("a", "tier-save", "frame", "3", "2", "1000")
        XCTAssertEqual(try cluster.node("b", "tier-load", "frame")["version"], "3")
        XCTAssertEqual(try cluster.node("a", "tier-load", "frame")["version"], "3")
    }

    func testDamagedBytesInTheTierFailTheLoadWithTheBlobNamedAndBindNothing() async throws {
        try cluster.node("a", "tier-save", "frame", "4", "2", "1000")
        let segments = try await cluster.tierKeys("segments")
        let segment = try XCTUnwrap(segments.first)
        let location = try StorageLocation("s3://\(cluster.bucket)/tier/segments/\(segment)")
        var bytes = try await cluster.storage.read(location).withUnsafeBytes { Array($0) }
        bytes[100] ^= 0xff
        let writer = try await cluster.storage.makeWriter(for: location)
        try await writer.write(Blob(copying: bytes))
        try await writer.commit()
        let result = try cluster.run(on: "b", ["tier-load", "frame"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.errorOutput.contains("damaged copy of 'frame'") && result.errorOutput.contains("CRC-32"), result.errorOutput)
        // Node a still serves its own copy, and a fresh save repairs the tier.
        XCTAssertEqual(try cluster.node("a", "tier-load", "frame")["version"], "4")
        try cluster.node("a", "tier-save", "frame", "5", "2", "1000")
        XCTAssertEqual(try cluster.node("b", "tier-load", "frame")["version"], "5")
    }

    func testEvictionTierMakesRoomWithCopiesSafeInTheTierAndFetchesThemAgain() async throws {
        // 1 MiB of capacity holds one 640 KB frame at a time.
        try cluster.writeCatalog(extraOptions: "  size: 1Mi\n  eviction: tier", secret: cluster.variables["DATASETS_S3_SECRET_KEY"]!)
        try cluster.node("a", "tier-save", "first", "1", "8", "10000")
        let second = try cluster.node("a", "tier-save", "second", "2", "8", "10000")
        XCTAssertEqual(second["objects"], "1", "saving second evicted first, whose copy is in the tier")
        let again = try cluster.node("a", "tier-load", "first")
        XCTAssertEqual(again["version"], "1", "first came back from the tier")
        XCTAssertEqual(again["objects"], "1")
        XCTAssertEqual(try cluster.node("a", "tier-load", "second")["version"], "2")
    }

    func testEvictionTierWithoutATierIsRefusedWhereItIsWritten() async throws {
        try """
        frame:
          type: SharedMemoryDataset
          eviction: tier
        """.write(toFile: cluster.root + "/conf/base/catalog.yml", atomically: true, encoding: .utf8)
        let result = try cluster.run(on: "a", ["tier-save", "frame", "1", "2", "100"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.errorOutput.contains("eviction") && result.errorOutput.contains("needs a tier"), result.errorOutput)
        XCTAssertTrue(result.errorOutput.contains("catalog.yml"), result.errorOutput)
    }
}
