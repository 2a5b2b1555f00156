import XCTest
import DatasetSDK

final class TensorAndStringArrayTests: XCTestCase {
    // MARK: - Tensor

    func testTensorOfEveryElementTypeRoundTripsThroughEncoding() async throws {
        try await assertRoundTrip([true, false, true, true, false, false], shape: [2, 3])
        try await assertRoundTrip([-128, -1, 0, 1, 127, 42] as [Int8], shape: [3, 2])
        try await assertRoundTrip([.min, -1, 0, 1, .max, 300] as [Int16], shape: [6])
        try await assertRoundTrip([.min, -1, 0, 1, .max, 70000] as [Int32], shape: [1, 2, 3])
        try await assertRoundTrip([.min, -1, 0, 1, .max, 1 << 40] as [Int64], shape: [2, 3])
        try await assertRoundTrip([0, 1, 128, 255, 7, 9] as [UInt8], shape: [6, 1])
        try await assertRoundTrip([0, 1, 0x8000, .max, 7, 9] as [UInt16], shape: [2, 3])
        try await assertRoundTrip([0, 1, 0x8000_0000, .max, 7, 9] as [UInt32], shape: [2, 3])
        try await assertRoundTrip([0, 1, 1 << 63, .max, 7, 9] as [UInt64], shape: [2, 3])
        try await assertRoundTrip([1.5, -0.0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude] as [Float], shape: [3, 2])
        try await assertRoundTrip([208500, -0.0, .nan, .infinity, .ulpOfOne, .greatestFiniteMagnitude] as [Double], shape: [2, 3])
        try await assertRoundTrip([.min, -1, 0, 1, .max, 5] as [Int], shape: [6])
        try await assertRoundTrip([0, 1, .max, 3, 4, 5] as [UInt], shape: [6])
    }

    func testScalarAndEmptyTensorsRoundTrip() async throws {
        try await assertRoundTrip([3.5] as [Double], shape: [])
        try await assertRoundTrip([] as [Int32], shape: [0, 4])
    }

    func testTensorRejectsBlobOfWrongSize() {
        XCTAssertThrowsError(try Tensor<Int32>(shape: [2, 3], blob: Blob(copying: [UInt8](repeating: 0, count: 23)))) { error in
            guard case let .invalidBlob(name, typeName, reason)? = error as? ObjectError else { return XCTFail("unexpected error \(error)") }
            XCTAssertEqual(name, "data")
            XCTAssertEqual(typeName, Tensor<Int32>.typeName)
            XCTAssertTrue(reason.contains("23"), reason)
        }
        XCTAssertNoThrow(try Tensor<Int32>(shape: [2, 3], blob: Blob(copying: [UInt8](repeating: 0, count: 24))))
    }

    func testDecodingTensorWithShapeThatDisagreesWithTheBlobThrows() {
        var encoded = Tensor<Double>([1, 2, 3]).encoded()
        encoded.fields["shape"] = [4]
        XCTAssertThrowsError(try Tensor<Double>(decoding: encoded)) { error in
            guard case .invalidBlob("data", _, _)? = error as? ObjectError else { return XCTFail("unexpected error \(error)") }
        }
    }

    func testBoolTensorRejectsBytesOtherThanZeroAndOne() {
        XCTAssertThrowsError(try Tensor<Bool>(shape: [4], blob: Blob(copying: [0, 1, 2, 1] as [UInt8]))) { error in
            guard case let .invalidBlob(name, _, reason)? = error as? ObjectError else { return XCTFail("unexpected error \(error)") }
            XCTAssertEqual(name, "data")
            XCTAssertTrue(reason.contains("element 2"), reason)
        }
        // The same check applies when decoding.
        let encoded = EncodedObject(
            typeName: Tensor<Bool>.typeName,
            fields: ["dtype": "bool", "shape": [2]],
            blobs: ["data": Blob(copying: [1, 255] as [UInt8])]
        )
        XCTAssertThrowsError(try Tensor<Bool>(decoding: encoded))
        XCTAssertEqual(try Tensor<Bool>(shape: [2], blob: Blob(copying: [1, 0] as [UInt8])).scalars, [true, false])
    }

    func testDecodingTensorOfAnotherDtypeThrowsNamingBoth() {
        let encoded = Tensor<Float>([1, 2]).encoded()
        XCTAssertThrowsError(try Tensor<Double>(decoding: encoded)) { error in
            guard case let .invalidField(field, _, expected, found)? = error as? ObjectError else { return XCTFail("unexpected error \(error)") }
            XCTAssertEqual(field, "dtype")
            XCTAssertEqual(expected, "float64")
            XCTAssertEqual(found, "float32")
        }
    }

    // MARK: - StringArray

    func testStringArrayWithUnicodeAndEmptyStringsRoundTrips() async throws {
        let strings = ["", "CollgCr", "", "naïve café", "日本語", "👩‍👩‍👧‍👦 family", "\0nul", ""]
        let array = StringArray(strings)
        XCTAssertEqual(array.count, strings.count)
        XCTAssertEqual(Array(array), strings)
        XCTAssertEqual(array.bytes.count, strings.reduce(0) { $0 + $1.utf8.count })

        let encoded = array.encoded()
        XCTAssertEqual(encoded.fields["length"], .int(Int64(strings.count)))
        for decoded in [try StringArray(decoding: encoded), try StringArray(decoding: await throughContainer(encoded))] {
            XCTAssertEqual(decoded, array)
            XCTAssertEqual(Array(decoded), strings)
            XCTAssertEqual(decoded.byteRange(at: 4).count, "日本語".utf8.count)
        }
    }

    func testEmptyStringArrayRoundTrips() throws {
        let array = StringArray([String]())
        XCTAssertEqual(array.count, 0)
        XCTAssertEqual(array.offsets.count, 8)
        XCTAssertEqual(try StringArray(decoding: array.encoded()).count, 0)
    }

    func testStringArrayRejectsDecreasingOffsets() {
        XCTAssertThrowsError(try StringArray(offsets: int64Blob([0, 3, 2, 5]), bytes: Blob(copying: Array("hello".utf8)))) { error in
            guard case let .invalidBlob(name, _, reason)? = error as? ObjectError else { return XCTFail("unexpected error \(error)") }
            XCTAssertEqual(name, "offsets")
            XCTAssertTrue(reason.contains("offset 2"), reason)
        }
        XCTAssertNoThrow(try StringArray(offsets: int64Blob([0, 3, 3, 5]), bytes: Blob(copying: Array("hello".utf8))))
    }

    func testStringArrayRejectsOffsetPastTheEnd() {
        XCTAssertThrowsError(try StringArray(offsets: int64Blob([0, 2, 6]), bytes: Blob(copying: Array("hello".utf8)))) { error in
            guard case let .invalidBlob(name, _, reason)? = error as? ObjectError else { return XCTFail("unexpected error \(error)") }
            XCTAssertEqual(name, "offsets")
            XCTAssertTrue(reason.contains("6"), reason)
        }
    }

    func testStringArrayFromAFileRejectsInvalidUTF8NamingTheByte() {
        let cases: [(bytes: [UInt8], offsets: [Int64], badByte: Int)] = [
            (Array("ab".utf8) + [0xFF] + Array("cd".utf8), [0, 2, 5], 2),  // never valid
            (Array("a".utf8) + [0xC3], [0, 2], 1),                          // truncated sequence
            ([0x61, 0xC0, 0xAF], [0, 3], 1),                                // overlong '/'
            ([0xED, 0xA0, 0x80], [0, 3], 0),                                // a surrogate (U+D800)
            ([0xF4, 0x90, 0x80, 0x80], [0, 4], 0),                          // above U+10FFFF
        ]
        for (bytes, offsets, badByte) in cases {
            XCTAssertThrowsError(try StringArray(offsets: int64Blob(offsets), bytes: Blob(copying: bytes)), "\(bytes)") { error in
                guard case let .invalidBlob("bytes", typeName, reason)? = error as? ObjectError else { return XCTFail("unexpected error \(error)") }
                XCTAssertEqual(typeName, "datasetsdk.StringArray")
                XCTAssertTrue(reason.contains("byte \(badByte) ") && reason.contains("not valid UTF-8"), reason)
            }
        }
        // Valid multi-byte text passes; an offset inside a character does not.
        let text = Array("añ日😀".utf8)
        XCTAssertEqual(try Array(StringArray(offsets: int64Blob([0, 1, 3, 6, 10]), bytes: Blob(copying: text))), ["a", "ñ", "日", "😀"])
        XCTAssertThrowsError(try StringArray(offsets: int64Blob([0, 2, 10]), bytes: Blob(copying: text))) { error in
            guard case let .invalidBlob("bytes", _, reason)? = error as? ObjectError else { return XCTFail("unexpected error \(error)") }
            XCTAssertTrue(reason.contains("offset 1 (2) splits a UTF-8 character"), reason)
        }
    }

    func testStringArrayRejectsNegativeFirstOffsetAndMisSizedOffsets() {
        let bytes = Blob(copying: Array("hello".utf8))
        XCTAssertThrowsError(try StringArray(offsets: int64Blob([-1, 2]), bytes: bytes))
        XCTAssertThrowsError(try StringArray(offsets: Blob(copying: [UInt8](repeating: 0, count: 12)), bytes: bytes))
        XCTAssertThrowsError(try StringArray(offsets: .empty, bytes: bytes))
    }

    func testDecodingStringArrayWhoseLengthDisagreesWithTheOffsetsThrows() {
        var encoded = StringArray(["a", "b"]).encoded()
        encoded.fields["length"] = 3
        XCTAssertThrowsError(try StringArray(decoding: encoded)) { error in
            guard case .invalidField("length", _, _, _)? = error as? ObjectError else { return XCTFail("unexpected error \(error)") }
        }
    }

    // MARK: - Record and Bytes

    func testRecordRoundTrips() async throws {
        let record: Record = [
            "multiplier": 100,
            "alpha": 0.5,
            "model": "ridge",
            "normalize": true,
            "seed": .uint(.max),
            "nothing": nil,
            "raw": .bytes([0, 1, 255]),
            "layers": [64, 32, "relu"],
            "options": ["level": 3, "workers": "all"],
        ]
        let encoded = record.encoded()
        XCTAssertEqual(encoded.typeName, "datasetsdk.Record")
        XCTAssertEqual(try Record(decoding: encoded), record)
        let stored = try await throughContainer(encoded)
        XCTAssertEqual(try Record(decoding: stored), record)
    }

    func testBytesRoundTrip() async throws {
        let payload = Bytes(Blob(copying: (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }))
        let encoded = payload.encoded()
        XCTAssertEqual(try Bytes(decoding: encoded), payload)
        let decoded = try Bytes(decoding: await throughContainer(encoded))
        XCTAssertEqual(decoded, payload)
        XCTAssertEqual(decoded.count, 1000)
        XCTAssertEqual(try Bytes(decoding: Bytes(.empty).encoded()).count, 0)
    }

    func testDecodingAnObjectOfAnotherTypeThrowsTypeMismatch() {
        XCTAssertThrowsError(try Bytes(decoding: Record(["a": 1]).encoded())) { error in
            guard case let .typeMismatch(expected, found)? = error as? ObjectError else { return XCTFail("unexpected error \(error)") }
            XCTAssertEqual(expected, "datasetsdk.Bytes")
            XCTAssertEqual(found, "datasetsdk.Record")
        }
    }

    // MARK: - Helpers

    private func assertRoundTrip<Element: TensorElement>(
        _ scalars: [Element], shape: [Int], file: StaticString = #filePath, line: UInt = #line
    ) async throws {
        let tensor = try Tensor(shape: shape, scalars: scalars)
        let encoded = tensor.encoded()
        XCTAssertEqual(encoded.fields["dtype"], .string(Element.dtype.rawValue), file: file, line: line)
        XCTAssertEqual(encoded.fields["shape"], .list(shape.map { .int(Int64($0)) }), file: file, line: line)
        for decoded in [try Tensor<Element>(decoding: encoded), try Tensor<Element>(decoding: await throughContainer(encoded))] {
            XCTAssertEqual(decoded.shape, shape, "\(Element.self)", file: file, line: line)
            // Tensor equality compares bits: NaN and -0.0 must come back unchanged.
            XCTAssertEqual(decoded, tensor, "\(Element.self)", file: file, line: line)
            XCTAssertEqual(decoded.blob.bytes, scalars.withUnsafeBytes { Array($0) }, "\(Element.self)", file: file, line: line)
        }
    }
}

/// A blob of little-endian `Int64`s (string offsets).
private func int64Blob(_ values: [Int64]) -> Blob {
    values.map(\.littleEndian).withUnsafeBytes { Blob(copying: $0) }
}

/// `object` written to a `.dso` container in memory and read back.
private func throughContainer(_ object: EncodedObject) async throws -> EncodedObject {
    let storage = MemoryStorage()
    let location = StorageLocation(scheme: "memory", path: "tensor-tests/object.dso")
    let writer = try await storage.makeWriter(for: location)
    try await Container.write(object, to: writer)
    try await writer.commit()
    return try Container.read(try await storage.read(location), source: location.description)
}
