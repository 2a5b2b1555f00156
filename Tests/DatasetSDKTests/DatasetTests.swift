import DatasetSDK
import Foundation
import XCTest

final class DatasetTests: XCTestCase {
    private func objectDataset(_ path: String, verify: Bool = true) throws -> any Dataset {
        try Registry.standard.makeDataset(
            type: "ObjectDataset",
            configuration: DatasetConfiguration(name: "frame", options: ["filepath": .string(path), "load_args": ["verify_checksums": .bool(verify)]]))
    }

    func testObjectDatasetSavesAndLoadsAFrame() async throws {
        let directory = try TemporaryDirectory()
        let dataset = try objectDataset(directory.file("nested/folder/frame.dso"))
        let existedBefore = try await dataset.exists()
        XCTAssertFalse(existedBefore)
        let frame = try DataFrame(columns: [("x", Column([1.5, 2.5])), ("s", Column(["a", "b"]))])
        try await dataset.save(frame.encoded())
        let existsAfter = try await dataset.exists()
        XCTAssertTrue(existsAfter)
        let loaded = try DataFrame(decoding: await dataset.load())
        XCTAssertEqual(try loaded.values("x", as: Double.self).scalars, [1.5, 2.5])
        XCTAssertEqual(Array(try loaded.strings("s")), ["a", "b"])
        XCTAssertEqual(dataset.describe()["filepath"], .string(directory.file("nested/folder/frame.dso")))
    }

    func testLoadingBeforeAnySaveSaysNothingIsSavedYet() async throws {
        let directory = try TemporaryDirectory()
        do {
            _ = try await objectDataset(directory.file("missing.dso")).load()
            XCTFail("expected notFound")
        } catch let error as DatasetError {
            guard case .notFound(dataset: "frame", _) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(error.description.contains("missing.dso"), error.description)
        }
    }

    func testCorruptFileLoadsAsAnErrorNamingDatasetAndFile() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("frame.dso")
        let dataset = try objectDataset(path)
        try await dataset.save(Tensor<Double>(Array(repeating: 1, count: 1000)).encoded())
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[200] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))
        do {
            _ = try await dataset.load()
            XCTFail("expected a checksum error")
        } catch {
            XCTAssertTrue("\(error)".contains("dataset 'frame': load failed: \(path): blob 'data' is corrupt"), "\(error)")
        }
    }

    func testAbortedWriteLeavesThePreviousFileAndNoTemporaryFile() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("frame.dso")
        let dataset = try objectDataset(path)
        try await dataset.save(Tensor<Int64>([1, 2, 3]).encoded())
        let writer = try await FileStorage().makeWriter(for: StorageLocation(path))
        try await writer.write(Blob(copying: [1, 2, 3]))
        await writer.abort()
        let previous = try Tensor<Int64>(decoding: await dataset.load())
        XCTAssertEqual(previous.scalars, [1, 2, 3])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["frame.dso"])
    }

    func testWriterKilledMidSaveLeavesThePreviousVersionLoadable() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("big.dso")
        let dataset = try objectDataset(path)
        try await dataset.save(Tensor<Int64>([7, 8, 9]).encoded())

        let process = Process()
        process.executableURL = buildProductsDirectory.appendingPathComponent("DatasetTestHelper")
        process.arguments = ["write-tensor", path, "512"]
        try process.run()
        // Kill it while it writes: wait for its temporary file to appear, then SIGKILL.
        var sawTemporary = false
        for _ in 0..<2000 where !sawTemporary {
            sawTemporary = (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.contains { $0.hasSuffix(".tmp") } ?? false
            if !sawTemporary { try await Task.sleep(for: .milliseconds(5)) }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertTrue(sawTemporary, "the writer never started writing")
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)

        let loaded = try await dataset.load()
        XCTAssertEqual(try Tensor<Int64>(decoding: loaded).scalars, [7, 8, 9])
    }

    func testMemoryDatasetHandsOverTheSameBlobsAndForgetsOnRelease() async throws {
        let dataset = MemoryDataset(name: "m")
        let tensor = Tensor<Double>([1, 2, 3])
        try await dataset.save(tensor.encoded())
        let loaded = try Tensor<Double>(decoding: await dataset.load())
        XCTAssertTrue(loaded.blob.owner === tensor.blob.owner, "memory dataset copied the blob")
        await dataset.release()
        let existsAfterRelease = try await dataset.exists()
        XCTAssertFalse(existsAfterRelease)
    }

    func testStorageLocationsParse() throws {
        XCTAssertEqual(try StorageLocation("s3://bucket/key/a.dso").scheme, "s3")
        XCTAssertEqual(try StorageLocation("s3://bucket/key/a.dso").path, "bucket/key/a.dso")
        XCTAssertEqual(try StorageLocation("data/01_raw/train.csv").scheme, "file")
        XCTAssertEqual(try StorageLocation("FILE:///tmp/x").path, "/tmp/x")
        XCTAssertThrowsError(try StorageLocation(""))
        XCTAssertThrowsError(try StorageLocation("s3://"))
        XCTAssertThrowsError(try StorageLocation("1x://a"))
    }
}
