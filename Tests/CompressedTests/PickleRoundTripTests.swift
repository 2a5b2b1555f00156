@testable import DatasetSDKCompressed
import CZstd
import DatasetSDK
import XCTest

/// Every built-in type and a Codable value saved with `PickleDataset` and loaded back, on file
/// and memory storage.
final class PickleRoundTripTests: XCTestCase {
    struct Model: Codable, Sendable, Equatable {
        struct Layer: Codable, Sendable, Equatable { var name: String; var units: Int }
        var name: String
        var alpha: Double
        var layers: [Layer]
        var weights: [Double]  // 8 KiB: promoted to a blob
        var note: String?
    }

    /// A dataset on file storage and one on memory storage.
    private func datasets(_ directory: TemporaryDirectory, _ name: String) throws -> [PickleDataset] {
        [
            try PickleDataset(name: name, location: StorageLocation(directory.file("\(name).dso.zst")), storage: FileStorage()),
            try PickleDataset(name: name, location: StorageLocation("memory://\(directory.path)/\(name).dso.zst"), storage: MemoryStorage()),
        ]
    }

    private func roundTrip<T: DatasetObject>(_ value: T, _ name: String, _ directory: TemporaryDirectory, check: (T, String) throws -> Void) async throws {
        for dataset in try datasets(directory, name) {
            try await dataset.save(value.encoded())
            let existed = try await dataset.exists()
            XCTAssertTrue(existed, "\(name) on \(dataset.location.scheme)")
            let loaded = try await dataset.load()
            XCTAssertEqual(loaded.typeName, T.typeName)
            loaded.forEachBlob { path, blob in
                XCTAssertEqual(blob.withUnsafeBytes { Int(bitPattern: $0.baseAddress) } % 64, 0, "blob \(path) of \(name) is not 64-byte aligned")
            }
            try check(try T(decoding: loaded), "\(name) on \(dataset.location.scheme)")
        }
    }

    func testTensorsOfSeveralDtypesRoundTrip() async throws {
        let directory = try TemporaryDirectory()
        func tensor<Element: TensorElement>(_ tensor: Tensor<Element>) async throws {
            try await roundTrip(tensor, "tensor-\(Element.dtype)-\(tensor.rank)", directory) { XCTAssertEqual($0, tensor, $1); XCTAssertEqual($0.shape, tensor.shape, $1) }
        }
        try await tensor(Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, .nan]))
        try await tensor(Tensor<Float>([-1.5, .infinity, 0]))
        try await tensor(Tensor<Int64>([.min, 3, .max]))
        try await tensor(Tensor<Int32>([.min, 0, .max]))
        try await tensor(Tensor<UInt8>([0, 7, 255]))
        try await tensor(Tensor<Bool>([true, false, true]))
        try await tensor(Tensor<Double>(shape: [0, 4], scalars: []))
        try await tensor(Tensor<Double>(shape: [], scalars: [42]))
        try await tensor(try sampleTensor(mebibytes: 9))  // more than two 4 MiB input chunks
    }

    func testStringArrayRoundTrips() async throws {
        let directory = try TemporaryDirectory()
        let strings = StringArray(["CollgCr", "", "Ünïcödé ✓", String(repeating: "x", count: 10_000)])
        try await roundTrip(strings, "strings", directory) { XCTAssertEqual($0, strings, $1) }
    }

    func testDataFrameWithNullsRoundTrips() async throws {
        let directory = try TemporaryDirectory()
        let frame = try DataFrame(columns: [
            ("Id", Column([1, 2, 3, 4] as [Int64])),
            ("LotFrontage", Column([65.0, nil, 68.0, nil] as [Double?])),
            ("Alley", Column([nil, "Grvl", nil, "Pave"] as [String?])),
            ("Neighborhood", Column(["CollgCr", "Veenker", "CollgCr", "NoRidge"])),
        ])
        try await roundTrip(frame, "frame", directory) { loaded, message in
            XCTAssertEqual(loaded.columnNames, frame.columnNames, message)
            XCTAssertEqual(loaded.rowCount, 4, message)
            for (name, column) in frame.columns {
                let other = try loaded.column(name)
                XCTAssertEqual(other.nullCount, column.nullCount, "\(message) \(name)")
                for row in 0..<4 { XCTAssertEqual(other.value(at: row), column.value(at: row), "\(message) \(name)[\(row)]") }
            }
        }
    }

    func testRecordAndBytesRoundTrip() async throws {
        let directory = try TemporaryDirectory()
        let record: Record = ["multiplier": 100, "seed": 42, "model": "ridge", "alpha": 0.5, "tags": ["a", "b"], "missing": .null]
        try await roundTrip(record, "record", directory) { XCTAssertEqual($0, record, $1) }
        let bytes = Bytes(Blob(copying: (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }))
        try await roundTrip(bytes, "bytes", directory) { XCTAssertEqual($0, bytes, $1) }
        try await roundTrip(Bytes(.empty), "empty-bytes", directory) { XCTAssertEqual($0.count, 0, $1) }
    }

    func testCodableValueRoundTrips() async throws {
        let directory = try TemporaryDirectory()
        let model = CodableObject(Model(
            name: "ridge", alpha: 0.13, layers: [.init(name: "in", units: 81), .init(name: "out", units: 1)],
            weights: (0..<1024).map { Double($0) / 7 }, note: nil))
        try await roundTrip(model, "model", directory) { XCTAssertEqual($0, model, $1) }
    }

    func testCompressionNoneWritesAPlainContainerThatContainerReadReads() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("plain.dso")
        let tensor = Tensor<Double>([1, 2, 3])
        let dataset = try await savePickle(tensor.encoded(), to: path, settings: .none)
        let file = try await FileStorage().read(StorageLocation(path))
        XCTAssertEqual(CompressedContainer.kind(of: file), .container)
        XCTAssertEqual(try Tensor<Double>(decoding: Container.read(file, source: path)), tensor)
        let loaded = try await dataset.load()
        XCTAssertEqual(try Tensor<Double>(decoding: loaded), tensor, "PickleDataset loads plain containers too")
        guard case .mappedFile? = loaded.blobs["data"]?.origin else {
            return XCTFail("a plain container is loaded by mapping, without a copy")
        }
    }

    func testACompressedFileIsIndependentFramesRecordingTheirSizesThenASeekTable() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("t.dso.zst")
        let tensor = try sampleTensor(mebibytes: 1, compressible: true)
        let writer = try await FileStorage().makeWriter(for: StorageLocation(path))
        let settings = CompressionSettings(level: 3, workers: 2, frameSize: 256 << 10)
        let summary = try await CompressedContainer.write(tensor.encoded(), to: writer, settings: settings, destination: path)
        try await writer.commit()
        let bytes = try fileBytes(path)
        XCTAssertEqual(summary.storedBytes, bytes.count)
        XCTAssertLessThan(summary.storedBytes, summary.containerBytes / 10)
        XCTAssertEqual(Array(bytes.prefix(4)), [0x28, 0xB5, 0x2F, 0xFD], "zstd magic")
        let table = try XCTUnwrap(bytes.withUnsafeBytes { SeekTable.parse($0) }, "the file ends with a seek table")
        XCTAssertEqual(table.entries.count, (summary.containerBytes + (256 << 10) - 1) / (256 << 10))
        XCTAssertEqual(table.entries.reduce(0) { $0 + Int($1.decompressedSize) }, summary.containerBytes)
        var offset = 0
        for entry in table.entries {
            // Each frame is complete on its own and records its content size.
            let (declared, length) = bytes.withUnsafeBytes { raw in
                let frame = UnsafeRawBufferPointer(rebasing: raw[offset...])
                return (ZSTD_getFrameContentSize(frame.baseAddress, frame.count), ZSTD_findFrameCompressedSize(frame.baseAddress, frame.count))
            }
            XCTAssertEqual(declared, UInt64(entry.decompressedSize))
            XCTAssertEqual(length, Int(entry.compressedSize))
            offset += length
        }
        XCTAssertEqual(bytes.count - offset, 8 + 8 * table.entries.count + 9, "the seek table follows the last frame")
        XCTAssertEqual(table.encoded(), Array(bytes[offset...]))
        for workers in [1, 3] {
            let decompressed = try CompressedContainer.decompress(Blob(copying: bytes), source: path, workers: workers)
            XCTAssertEqual(decompressed.count, summary.containerBytes)
            XCTAssertEqual(try Tensor<Double>(decoding: Container.read(decompressed, source: path)), tensor, "\(workers) workers")
        }
    }

    func testAnEmptyWriterStillWritesAValidStream() async throws {
        let storage = MemoryStorage()
        let location = try StorageLocation("memory://empty.zst")
        let writer = try ZstdCompressingWriter(wrapping: try await storage.makeWriter(for: location), settings: CompressionSettings(), destination: "empty.zst")
        try await writer.commit()
        let file = try await storage.read(location)
        XCTAssertEqual(try CompressedContainer.decompress(file, source: "empty.zst").count, 0)
        XCTAssertEqual(file.withUnsafeBytes { SeekTable.parse($0) }?.entries, [SeekTable.Entry(compressedSize: UInt32(file.count - 25), decompressedSize: 0)])
    }
}
