import DatasetSDK
import Foundation
@testable import DatasetSDKSharedMemory
import XCTest

/// A flipped bit in a store segment: `verify` finds it by the CRC-32 recorded at save, a
/// `verify: true` load refuses it, and `datasets store verify` exits 1 naming the blob.
final class StoreVerifyTests: XCTestCase {
    private func makeStore() throws -> (TemporaryStore, SharedMemoryStore) {
        let temporary = TemporaryStore()
        let store = try temporary.open()
        let frame = try DataFrame(columns: (0..<4).map { ("c\($0)", Column((0..<256).map { Double($0) })) }
            + [("s", Column((0..<256).map { $0 % 3 == 1 ? nil : "ñ\($0)" } as [String?]))])
        try store.put(frame.encoded(), as: "wide")
        try store.put(DataFrame(decoding: store.get("wide")).dropping(columns: ["c3"]).encoded(), as: "narrow")
        return (temporary, store)
    }

    /// Flips one bit in the blob of `name` whose path contains `column`; returns the blob's path.
    private func flipBit(in store: SharedMemoryStore, name: String, column: String) throws -> String {
        let metadata = try XCTUnwrap(try store.database.object(named: name)).metadata
        let (path, reference) = try XCTUnwrap(SerializedObjectMetadata(metadata).blobReferencesWithPaths().first { ("/" + $0.path).contains("/\(column)/") }, "no blob of \(column)")
        let (segment, offset) = try XCTUnwrap(StoreLayout.parseBlobKey(reference.storeKey))
        let file = "\(store.path)/segments/\(segment)"
        XCTAssertEqual(chmod(file, 0o600), 0)
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: file))
        try handle.seek(toOffset: UInt64(offset + 17))
        let byte = try XCTUnwrap(handle.readData(ofLength: 1).first)
        try handle.seek(toOffset: UInt64(offset + 17))
        try handle.write(contentsOf: [byte ^ 0x04])
        try handle.close()
        return path
    }

    func testAnIntactStoreVerifiesEverySharedBlobOnce() throws {
        let (temporary, store) = try makeStore()
        defer { withExtendedLifetime(temporary) {} }
        let report = try store.verify()
        XCTAssertTrue(report.isIntact)
        XCTAssertEqual(report.objects, 2)
        // wide: four data blobs plus the strings' offsets, bytes and validity; narrow shares them all.
        XCTAssertEqual(report.blobs, 7)
        XCTAssertEqual(report.uncheckedBlobs, 0)
        XCTAssertEqual(try store.verify("narrow").blobs, 6)
    }

    func testAFlippedBitIsFoundNamingTheObjectAndTheBlob() throws {
        let (temporary, store) = try makeStore()
        defer { withExtendedLifetime(temporary) {} }
        let path = try flipBit(in: store, name: "wide", column: "c3")
        let report = try store.verify()
        XCTAssertEqual(report.damaged.count, 1, "\(report.damaged)")
        XCTAssertEqual(report.damaged.first?.name, "wide")
        XCTAssertEqual(report.damaged.first?.blob, path)
        XCTAssertTrue(try store.verify("narrow").isIntact, "narrow does not hold c3")
        XCTAssertThrowsError(try store.verify("missing")) { error in
            guard case StoreError.notFound("missing", _)? = error as? StoreError else { return XCTFail("\(error)") }
        }
    }

    func testAVerifyingLoadRefusesADamagedObjectAndAPlainLoadStillMaps() async throws {
        let (temporary, store) = try makeStore()
        let path = try flipBit(in: store, name: "narrow", column: "c1")
        let checking = SharedMemoryDataset(name: "narrow", store: store, verifyingLoads: true)
        do {
            _ = try await checking.load()
            XCTFail("a verifying load served a damaged object")
        } catch {
            let text = "\(error)"
            XCTAssertTrue(text.contains("'narrow'") && text.contains(path) && text.contains("damaged") && text.contains(temporary.path), text)
        }
        let plain = try await SharedMemoryDataset(name: "narrow", store: store).load()
        XCTAssertNoThrow(try DataFrame(decoding: plain), "plain loads only map")
    }

    func testTheVerifyOptionIsReadFromTheCatalog() throws {
        let temporary = TemporaryStore()
        _ = try temporary.open()
        let dataset = try SharedMemoryDataset(configuration: DatasetConfiguration(name: "frame", options: ["store": .string(temporary.path), "verify": true]))
        XCTAssertTrue(dataset.verifiesLoads)
        XCTAssertEqual(dataset.describe()["verify"], .bool(true))
        XCTAssertThrowsError(try SharedMemoryDataset(configuration: DatasetConfiguration(name: "frame", options: ["store": .string(temporary.path), "verify": "yes please"])))
    }

    func testTheCommandLineExitsOneAndPrintsTheDamagedBlob() throws {
        let (temporary, store) = try makeStore()
        let intact = try runProduct("datasets", ["store", "verify", "--store", temporary.path])
        XCTAssertEqual(intact.status, 0, intact.errorOutput)
        XCTAssertTrue(intact.output.hasPrefix("ok: 2 objects, 7 blobs"), intact.output)
        let path = try flipBit(in: store, name: "wide", column: "c0")
        let damaged = try runProduct("datasets", ["store", "verify", "--store", temporary.path])
        XCTAssertEqual(damaged.status, 1, damaged.output + damaged.errorOutput)
        XCTAssertTrue(damaged.output.contains("damaged: 'narrow' blob \(path) at "), "narrow, checked first, shares wide's c0: " + damaged.output)
        XCTAssertTrue(damaged.output.contains("DAMAGED: 2 objects"), damaged.output)
        let json = try runProduct("datasets", ["store", "verify", "narrow", "--json", "--store", temporary.path])
        XCTAssertEqual(json.status, 1)
        let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any], json.output)
        XCTAssertEqual((parsed["damaged"] as? [[String: Any]])?.first?["blob"] as? String, path)
    }
}

/// Store keys are read in exactly the documented form (docs/shared-memory.md), as Python reads them.
final class StoreKeyTests: XCTestCase {
    func testOnlyTheDocumentedKeyFormParses() {
        let segment = String(repeating: "0123456789abcdef", count: 2)
        XCTAssertEqual(StoreLayout.parseBlobKey("\(segment)@4096")?.offset, 4096)
        XCTAssertEqual(StoreLayout.parseBlobKey("\(segment)@0")?.segment, segment)
        for bad in ["\(segment)@04096", "\(segment)@+1", "\(segment)@-1", "\(segment)@", "\(segment.uppercased())@1",
                    "\(segment.dropLast())@1", "\(segment)0@1", "\(segment)@1@2", "\(segment)@١", "@1", ""] {
            XCTAssertNil(StoreLayout.parseBlobKey(bad), bad)
        }
    }
}
