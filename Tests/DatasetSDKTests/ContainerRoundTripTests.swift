import DatasetSDK
import XCTest

final class ContainerRoundTripTests: XCTestCase {
    func testEveryTensorElementTypeRoundTripsThroughAFile() async throws {
        let directory = try TemporaryDirectory()
        try await roundTrip(Tensor<Bool>([true, false, true]), directory)
        try await roundTrip(Tensor<Int8>([-128, 0, 127]), directory)
        try await roundTrip(Tensor<Int16>([-32768, 1, 32767]), directory)
        try await roundTrip(Tensor<Int32>([.min, 2, .max]), directory)
        try await roundTrip(Tensor<Int64>([.min, 3, .max]), directory)
        try await roundTrip(Tensor<UInt8>([0, 255]), directory)
        try await roundTrip(Tensor<UInt16>([0, .max]), directory)
        try await roundTrip(Tensor<UInt32>([0, .max]), directory)
        try await roundTrip(Tensor<UInt64>([0, .max]), directory)
        try await roundTrip(Tensor<Float>([-1.5, .nan, .infinity]), directory)
        try await roundTrip(Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]), directory)
        try await roundTrip(Tensor<Double>(shape: [0, 4], scalars: []), directory)
        try await roundTrip(Tensor<Double>(shape: [], scalars: [42]), directory)
    }

    private func roundTrip<Element: TensorElement>(_ tensor: Tensor<Element>, _ directory: TemporaryDirectory) async throws {
        let path = directory.file("\(Element.dtype)-\(tensor.shape.count).dso")
        try await writeContainer(tensor.encoded(), to: path)
        let loaded = try Tensor<Element>(decoding: await readContainer(path))
        XCTAssertEqual(loaded, tensor, "\(Element.self) \(tensor.shape)")
        XCTAssertEqual(loaded.shape, tensor.shape)
    }

    func testAnObjectNestedDeeperThanReadersAcceptIsNotWritten() async throws {
        // `members` members below the top, the deepest with one field: the field's Value sits at
        // level members + 2 (docs/format.md, reading step 11), and 100 levels is the limit.
        func chain(_ members: Int) -> EncodedObject {
            var object = EncodedObject(typeName: "example.Leaf", fields: ["x": 1])
            for _ in 0..<members { object = EncodedObject(typeName: "example.Node", members: ["next": object]) }
            return object
        }
        let directory = try TemporaryDirectory()
        let deepest = directory.file("deepest.dso")
        try await writeContainer(chain(98), to: deepest)
        var loaded = try await readContainer(deepest)
        for _ in 0..<98 { loaded = try XCTUnwrap(loaded.members["next"]) }
        XCTAssertEqual(loaded.fields["x"], 1)

        let tooDeep = directory.file("too-deep.dso")
        do {
            try await writeContainer(chain(99), to: tooDeep)
            XCTFail("an object no reader can load was written")
        } catch {
            XCTAssertTrue("\(error)".contains("deeper than the 100 levels"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: tooDeep), "nothing is left behind")
    }

    func testLoadedBlobsAreViewsOfTheMappedFile() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("t.dso")
        try await writeContainer(Tensor<Double>([1, 2, 3]).encoded(), to: path)
        let loaded = try await readContainer(path)
        guard case let .mappedFile(file, offset) = loaded.blobs["data"]!.origin else {
            return XCTFail("expected a mapped blob, got \(loaded.blobs["data"]!.origin)")
        }
        XCTAssertEqual(file, path)
        XCTAssertEqual(offset % 64, 0)
    }

    func testDataFrameWithNullsAndStringsRoundTrips() async throws {
        let directory = try TemporaryDirectory()
        let frame = try DataFrame(columns: [
            ("Id", Column([1, 2, 3, 4] as [Int64])),
            ("LotFrontage", Column([65.0, nil, 80.0, nil] as [Double?])),
            ("Alley", Column([nil, "Grvl", nil, "Pave"] as [String?])),
            ("Name", Column(["", "ünïcödé ✓", "a,b", "line\nbreak"])),
            ("Flag", Column([true, false, true, true])),
            ("Small", Column([1, -2, 3, -4] as [Int8])),
        ])
        let path = directory.file("frame.dso")
        try await writeContainer(frame.encoded(), to: path)
        let loaded = try DataFrame(decoding: await readContainer(path))
        XCTAssertEqual(loaded.columnNames, frame.columnNames)
        XCTAssertEqual(loaded.rowCount, 4)
        for name in frame.columnNames {
            for row in 0..<4 {
                XCTAssertEqual(loaded[name]!.value(at: row), frame[name]!.value(at: row), "\(name)[\(row)]")
            }
        }
        XCTAssertTrue(loaded["LotFrontage"]!.isNull(1))
        XCTAssertEqual(loaded["Alley"]!.nullCount, 2)
        XCTAssertEqual(try loaded.strings("Name")[1], "ünïcödé ✓")
    }

    func testRecordAndBytesRoundTrip() async throws {
        let directory = try TemporaryDirectory()
        let record: Record = ["multiplier": 100, "name": "ridge", "alphas": [0.1, 1.0], "nested": ["x": nil, "b": .bytes([0, 255])]]
        try await writeContainer(record.encoded(), to: directory.file("r.dso"))
        let loadedRecord = try Record(decoding: await readContainer(directory.file("r.dso")))
        XCTAssertEqual(loadedRecord, record)

        let bytes = Bytes(Blob(copying: (0..<1000).map { UInt8($0 % 251) }))
        try await writeContainer(bytes.encoded(), to: directory.file("b.dso"))
        let loadedBytes = try Bytes(decoding: await readContainer(directory.file("b.dso")))
        XCTAssertEqual(loadedBytes, bytes)
    }

    func testBlobUsedTwiceIsWrittenOnce() async throws {
        let directory = try TemporaryDirectory()
        let column = Column(Array(repeating: 7.0, count: 10_000))
        let frame = try DataFrame(columns: [("a", column), ("b", column)])
        let bytes = try await writeContainer(frame.encoded(), to: directory.file("f.dso"))
        XCTAssertLessThan(bytes.count, 80_000 + 4096, "the shared 80,000-byte column was written twice")
        let loaded = try DataFrame(decoding: await readContainer(directory.file("f.dso")))
        XCTAssertEqual(try loaded.values("b", as: Double.self).scalars, try column.values(as: Double.self).scalars)
    }

    func testWriterProducesTheDocumentedLayout() async throws {
        let directory = try TemporaryDirectory()
        let bytes = try await writeContainer(Tensor<Double>([1, 2, 3]).encoded(), to: directory.file("t.dso"))
        let magic: [UInt8] = [0x89, 0x44, 0x53, 0x4F, 0x0D, 0x0A, 0x1A, 0x0A]
        XCTAssertEqual(Array(bytes[0..<8]), magic)
        XCTAssertEqual(Array(bytes[(bytes.count - 8)...]), magic)
        XCTAssertEqual(bytes[8], 1)  // major version, little-endian
        let footer = Array(bytes[(bytes.count - 64)...])
        let metadataOffset = footer[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let metadataLength = footer[8..<16].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        XCTAssertEqual(metadataOffset % 64, 0)
        XCTAssertEqual(metadataOffset + metadataLength, bytes.count - 64)
        // The data blob sits at offset 64: 1.0 as little-endian IEEE 754.
        XCTAssertEqual(Array(bytes[64..<72]), [0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
    }

    func testMemoryStorageHoldsContainersToo() async throws {
        let storage = MemoryStorage()
        let location = try StorageLocation("memory://tests/tensor.dso")
        let writer = try await storage.makeWriter(for: location)
        try await Container.write(Tensor<Int32>([5, 6]).encoded(), to: writer)
        try await writer.commit()
        let loaded = try Tensor<Int32>(decoding: Container.read(await storage.read(location), source: "memory"))
        XCTAssertEqual(loaded.scalars, [5, 6])
        let listed = try await storage.list(under: StorageLocation("memory://tests"))
        XCTAssertEqual(listed.map(\.description), ["memory://tests/tensor.dso"])
    }
}
