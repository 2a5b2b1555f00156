import DatasetSDK
@testable import DatasetSDKS3
import XCTest

/// Objects of every size class and unusual keys go to the real server and come back intact.
final class S3RoundTripTests: S3ServerTestCase {
    override class var bucketPrefix: String { "roundtrip" }

    private func save(_ blobs: [Blob], to location: StorageLocation, on storage: S3Storage) async throws {
        try await storage.write(location, forDataset: "test") { writer in
            for blob in blobs { try await writer.write(blob) }
        }
    }

    private func assertRoundTrip(_ blob: Blob, key: String, options: [String: Value] = [:], file: StaticString = #filePath, line: UInt = #line) async throws {
        let storage = try server.storage(options: options)
        try await save([blob], to: location(key), on: storage)
        let read = try await storage.read(location(key))
        XCTAssertEqual(read.count, blob.count, file: file, line: line)
        XCTAssertTrue(read.hasSameBytes(as: blob), "bytes differ for key \(key)", file: file, line: line)
        let size = try await storage.client.objectSize(bucket: bucket, key: key)
        XCTAssertEqual(size, blob.count, file: file, line: line)
    }

    func testSmallObjectRoundTrips() async throws {
        try await assertRoundTrip(Blob(copying: Array("hello, s3".utf8)), key: "small.bin")
    }

    func testEmptyObjectRoundTrips() async throws {
        try await assertRoundTrip(.empty, key: "empty.bin")
    }

    func testExactlyFiveMiBObjectRoundTripsAsOnePart() async throws {
        try await assertRoundTrip(patternBytes(count: 5 << 20), key: "five.bin", options: ["part_size": .int(5 << 20)])
    }

    func testOneByteOverAPartGoesMultipartAndRoundTrips() async throws {
        try await assertRoundTrip(patternBytes(count: (5 << 20) + 1, seed: 3), key: "five-plus-one.bin", options: ["part_size": .string("5MiB")])
    }

    func testManySmallWritesAcrossPartBoundariesRoundTrip() async throws {
        let whole = patternBytes(count: 23 << 20 + 12_345, seed: 4)
        var pieces: [Blob] = []
        var offset = 0
        var size = 1
        while offset < whole.count {
            let end = min(whole.count, offset + size)
            pieces.append(whole.slice(offset..<end))
            offset = end
            size = size * 7 % 3_000_011 + 1
        }
        let storage = try server.storage(options: ["part_size": .int(5 << 20), "max_concurrency": .int(3)])
        try await save(pieces, to: location("pieces.bin"), on: storage)
        let read = try await storage.read(location("pieces.bin"))
        XCTAssertTrue(read.hasSameBytes(as: whole))
    }

    func testOneGiBObjectRoundTripsThroughParallelPartsAndRanges() async throws {
        try await assertRoundTrip(patternBytes(count: 1 << 30, seed: 5), key: "large/one-gib.bin", options: ["part_size": .string("16MiB"), "max_concurrency": .int(8)])
    }

    func testUnusualKeysRoundTripAndListVerbatim() async throws {
        let keys = ["with space.bin", "plus+sign.bin", "colon:name.bin", "unicodé/ñ/日本.bin", "double//slash.bin", "tilde~and=eq&amp;.bin", "percent%20literal.bin"]
        let storage = try server.storage()
        for (index, key) in keys.enumerated() {
            try await save([Blob(copying: Array(key.utf8) + [UInt8(index)])], to: location(key), on: storage)
        }
        for (index, key) in keys.enumerated() {
            let read = try await storage.read(location(key))
            XCTAssertEqual(read.bytes, Array(key.utf8) + [UInt8(index)], key)
            let exists = try await storage.exists(location(key))
            XCTAssertTrue(exists, key)
        }
        let listed = try await storage.list(under: StorageLocation(scheme: "s3", path: bucket)).map(\.path)
        // SeaweedFS stores keys in a file tree and lists `double//slash.bin` as `double/slash.bin`
        // (boto3 sees the same listing); reading the key verbatim works, as checked above.
        XCTAssertEqual(Set(listed), Set(keys.map { "\(bucket!)/\($0.replacingOccurrences(of: "//", with: "/"))" }))
    }

    func testListingFollowsPagesPastOneThousandKeys() async throws {
        let storage = try server.storage()
        let count = 1_234
        let bucket: String = self.bucket
        try await withThrowingTaskGroup(of: Void.self) { group in
            for start in stride(from: 0, to: count, by: 100) {
                group.addTask {
                    for index in start..<min(start + 100, count) {
                        let key = "many/item-\(String(format: "%05d", index))"
                        try await storage.write(StorageLocation(scheme: "s3", path: "\(bucket)/\(key)"), forDataset: "test") { try await $0.write(Blob(copying: [UInt8(index & 0xff)])) }
                    }
                }
            }
            try await group.waitForAll()
        }
        try await save([Blob(copying: [1])], to: location("many-not-below"), on: storage)
        let listed = try await storage.list(under: location("many"))
        XCTAssertEqual(listed.count, count)
        XCTAssertEqual(listed.first?.path, "\(bucket)/many/item-00000")
        XCTAssertEqual(listed.last?.path, "\(bucket)/many/item-01233")
        let pages = try await storage.client.listObjects(bucket: bucket, prefix: "many/", pageSize: 500)
        XCTAssertEqual(pages.count, count)
    }

    func testRemoveDeletesAndExistsTurnsFalse() async throws {
        let storage = try server.storage()
        try await save([Blob(copying: [1, 2, 3])], to: location("gone.bin"), on: storage)
        var exists = try await storage.exists(location("gone.bin"))
        XCTAssertTrue(exists)
        try await storage.remove(location("gone.bin"))
        exists = try await storage.exists(location("gone.bin"))
        XCTAssertFalse(exists)
        try await storage.remove(location("gone.bin"))
    }

    func testFailedWriteKeepsPreviousObjectAndAbortsItsUpload() async throws {
        let storage = try server.storage(options: ["part_size": .int(5 << 20)])
        try await save([Blob(copying: Array("previous".utf8))], to: location("kept.bin"), on: storage)
        struct Interrupted: Error {}
        do {
            try await storage.write(location("kept.bin"), forDataset: "test") { writer in
                try await writer.write(patternBytes(count: 12 << 20))
                throw Interrupted()
            }
            XCTFail("the write should fail")
        } catch {}
        let read = try await storage.read(location("kept.bin"))
        XCTAssertEqual(read.bytes, Array("previous".utf8))
        let uploads = try server.boto3("print(len(client.list_multipart_uploads(Bucket='\(bucket!)').get('Uploads', [])))")
        XCTAssertEqual(uploads.trimmingCharacters(in: .whitespacesAndNewlines), "0", "an aborted write left a multipart upload behind")
    }

    func testPayloadSigningRoundTrips() async throws {
        try await assertRoundTrip(patternBytes(count: 6 << 20, seed: 9), key: "signed.bin", options: ["payload_signing": .bool(true), "part_size": .int(5 << 20)])
    }
}
