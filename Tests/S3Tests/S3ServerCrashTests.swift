import DatasetSDK
import TestSupport
@testable import DatasetSDKS3
import XCTest

/// A server killed in the middle of a multipart upload: the save fails with a clear error, no
/// partial object is visible after the restart, and saving again succeeds.
final class S3ServerCrashTests: XCTestCase {
    func testServerKilledDuringMultipartUploadLeavesNoPartialObjectAndRetrySucceeds() async throws {
        let seaweed = try SeaweedServer()
        defer { seaweed.stop() }
        let server = try seaweed.server
        let bucket = try await server.makeBucket("crash")
        let location = StorageLocation(scheme: "s3", path: "\(bucket)/frames/big.bin")
        let options: [String: Value] = ["part_size": .int(5 << 20), "max_concurrency": .int(2), "max_attempts": .int(2)]
        let storage = try server.storage(options: options)
        try await storage.write(location, forDataset: "big") { try await $0.write(Blob(copying: Array("version 1".utf8))) }

        let payload = patternBytes(count: 64 << 20, seed: 21)
        let writer = try await storage.makeWriter(for: location)
        try await writer.write(payload.slice(0..<(16 << 20)))  // three parts started, the upload exists
        seaweed.kill()
        var failure: Error?
        do {
            try await writer.write(payload.slice((16 << 20)..<payload.count))
            try await writer.commit()
        } catch {
            failure = error
        }
        await writer.abort()
        let error = try XCTUnwrap(failure, "a save to a killed server must fail")
        guard case let S3Error.transport(_, failedBucket, key, _, attempts, _)? = error as? S3Error else { return XCTFail("\(error)") }
        XCTAssertEqual(failedBucket, bucket)
        XCTAssertEqual(key, "frames/big.bin")
        XCTAssertEqual(attempts, 2)

        try seaweed.start()
        let restarted = try seaweed.server.storage(options: options)
        let afterCrash = try await restarted.read(location)
        XCTAssertEqual(afterCrash.bytes, Array("version 1".utf8), "the previous object must stay whole; no partial object")

        try await restarted.write(location, forDataset: "big") { try await $0.write(payload) }
        let read = try await restarted.read(location)
        XCTAssertTrue(read.hasSameBytes(as: payload))
    }
}
