import XCTest
import DatasetSDK

final class DataFrameTests: XCTestCase {
    // MARK: - Structural sharing

    func testDroppingColumnsSharesTheRemainingColumnsBlobs() throws {
        let frame = try DataFrame(columns: [
            ("Id", Column([1, 2, 3] as [Int64])),
            ("Street", Column(["Pave", nil, "Grvl"] as [String?])),
            ("Price", Column([1.5, nil, 3.5] as [Double?])),
        ])
        let dropped = try frame.dropping(columns: ["Id"])

        XCTAssertEqual(dropped.columnNames, ["Street", "Price"])
        XCTAssertEqual(dropped.rowCount, 3)
        for name in dropped.columnNames {
            let before = try frame.column(name).blobs
            let after = try dropped.column(name).blobs
            XCTAssertEqual(after.count, before.count, name)
            for (old, new) in zip(before, after) {
                XCTAssertEqual(ObjectIdentifier(new.owner), ObjectIdentifier(old.owner), "\(name) copied a blob")
                XCTAssertEqual(new.offset, old.offset)
                XCTAssertEqual(new.count, old.count)
            }
        }
    }

    func testDroppingAnUnknownColumnThrowsListingTheColumns() throws {
        let frame = try DataFrame(columns: [("Id", Column([1, 2] as [Int64]))])
        XCTAssertThrowsError(try frame.dropping(columns: ["Nope"])) { error in
            guard case let .unknownColumn(name, available)? = error as? DataFrameError else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(name, "Nope")
            XCTAssertEqual(available, ["Id"])
        }
    }

    // MARK: - Filtering

    func testFilterKeepsNullsAndStrings() throws {
        let frame = try DataFrame(columns: [
            ("Id", Column([1, 2, 3, 4, 5] as [Int64])),
            ("Area", Column([8450, nil, 11250, nil, 14260] as [Int32?])),
            ("Alley", Column(["Grvl", "Pave", nil, "", "Ünïcødé 🏠"] as [String?])),
        ])
        let filtered = try frame.filtered(by: [false, true, true, false, true])

        XCTAssertEqual(filtered.columnNames, ["Id", "Area", "Alley"])
        XCTAssertEqual(filtered.rowCount, 3)
        XCTAssertEqual(try filtered.values("Id", as: Int64.self).scalars, [2, 3, 5])
        XCTAssertEqual(rows(of: filtered), [
            [.int(2), .null, .string("Pave")],
            [.int(3), .int(11250), .null],
            [.int(5), .int(14260), .string("Ünïcødé 🏠")],
        ])
        XCTAssertEqual(try filtered.column("Area").nullCount, 1)
        XCTAssertEqual(try filtered.column("Alley").nullCount, 1)
        // The new offsets are valid on their own: they start at 0 and match the bytes blob.
        let strings = try filtered.strings("Alley")
        let checked = try StringArray(offsets: strings.offsets, bytes: strings.bytes)
        XCTAssertEqual(Array(checked), ["Pave", "", "Ünïcødé 🏠"])
        XCTAssertEqual(strings.offsets.bytes.prefix(8), [0, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(strings.bytes.count, "Pave".utf8.count + "Ünïcødé 🏠".utf8.count)
        // The source frame is unchanged.
        XCTAssertEqual(frame.rowCount, 5)
        XCTAssertEqual(try frame.strings("Alley").count, 5)
    }

    func testFilterByBoolTensorMatchesFilterByArray() throws {
        let frame = try DataFrame(columns: [
            ("Id", Column([10, 20, 30, 40] as [Int64])),
            ("Name", Column(["a", "bb", "ccc", "dddd"])),
        ])
        let mask = [true, false, false, true]
        let byTensor = try frame.filtered(by: Tensor(mask))
        let byArray = try frame.filtered(by: mask)

        XCTAssertEqual(byTensor.rowCount, 2)
        XCTAssertEqual(rows(of: byTensor), rows(of: byArray))
        XCTAssertEqual(rows(of: byTensor), [[.int(10), .string("a")], [.int(40), .string("dddd")]])
    }

    func testFilterMovesTheBitsOfEveryNumericDtype() throws {
        let mask = [true, false, true, false, true, true]
        try assertFilterKeepsMaskedRows([true, false, false, true, true, false], mask: mask)
        try assertFilterKeepsMaskedRows([-1, 2, -3, 4, .min, .max] as [Int8], mask: mask)
        try assertFilterKeepsMaskedRows([-300, 2, 30000, 4, .min, .max] as [Int16], mask: mask)
        try assertFilterKeepsMaskedRows([-70000, 2, 3, 4, .min, .max] as [Int32], mask: mask)
        try assertFilterKeepsMaskedRows([-1 << 40, 2, 3, 4, .min, .max] as [Int64], mask: mask)
        try assertFilterKeepsMaskedRows([1, 2, 3, 4, 0, .max] as [UInt8], mask: mask)
        try assertFilterKeepsMaskedRows([1, 2, 3, 4, 0, .max] as [UInt16], mask: mask)
        try assertFilterKeepsMaskedRows([1, 2, 3, 4, 0, .max] as [UInt32], mask: mask)
        try assertFilterKeepsMaskedRows([1, 2, 3, 4, 0, .max] as [UInt64], mask: mask)
        try assertFilterKeepsMaskedRows([1.5, -2.25, .nan, -0.0, .infinity, .leastNonzeroMagnitude] as [Float], mask: mask)
        try assertFilterKeepsMaskedRows([1.5, -2.25, .nan, -0.0, -.infinity, .greatestFiniteMagnitude] as [Double], mask: mask)
        try assertFilterKeepsMaskedRows([1, -2, 3, -4, .min, .max] as [Int], mask: mask)
    }

    func testFilterReadsNumericDataThatIsNotAligned() throws {
        // A Float64 column whose data starts one byte into its buffer, as a hand-made slice can.
        let values: [Double] = [1.25, 2.5, 3.75, 5]
        let padded = Blob(copying: [0xEE] + values.withUnsafeBytes { Array($0) })
        let member = EncodedObject(
            typeName: "datasetsdk.Tensor",
            fields: ["dtype": "float64", "shape": [4]],
            blobs: ["data": padded.slice(1..<padded.count)]
        )
        let encoded = EncodedObject(typeName: DataFrame.typeName, fields: ["columns": ["x"], "row_count": 4], members: ["x": member])
        let frame = try DataFrame(decoding: encoded)

        let filtered = try frame.filtered(by: [false, true, false, true])
        XCTAssertEqual(try filtered.values("x", as: Double.self).scalars, [2.5, 5])
    }

    func testFilterOfStringsWhoseOffsetsDoNotStartAtZero() throws {
        // Strings "ab", "", "cdef" viewing bytes 3..<9 of "xyzabcdefQ".
        let strings = try StringArray(offsets: int64Blob([3, 5, 5, 9]), bytes: Blob(copying: Array("xyzabcdefQ".utf8)))
        let frame = try DataFrame(columns: [("s", Column(strings))])

        let filtered = try frame.filtered(by: [true, false, true])
        let result = try filtered.strings("s")
        XCTAssertEqual(Array(result), ["ab", "cdef"])
        XCTAssertEqual(result.bytes.bytes, Array("abcdef".utf8))
        XCTAssertEqual(result.offsets.bytes, int64Blob([0, 2, 6]).bytes)
    }

    func testFilterDropsTheValidityBitmapWhenNoNullsRemain() throws {
        let frame = try DataFrame(columns: [
            ("n", Column([1, nil, 3] as [Int64?])),
            ("s", Column(["a", nil, "c"] as [String?])),
        ])
        XCTAssertNotNil(try frame.column("n").validity)

        let filtered = try frame.filtered(by: [true, false, true])
        XCTAssertNil(try filtered.column("n").validity)
        XCTAssertNil(try filtered.column("s").validity)
        XCTAssertEqual(try filtered.values("n", as: Int64.self).scalars, [1, 3])
        XCTAssertEqual(Array(try filtered.strings("s")), ["a", "c"])
    }

    func testFilterPacksValidityBitsAcrossBytes() throws {
        let values: [Int16?] = (0..<20).map { $0 % 3 == 0 ? nil : Int16($0) }
        let mask = (0..<20).map { $0 % 4 != 1 }
        let frame = try DataFrame(columns: [("v", Column(values))])

        let filtered = try frame.filtered(by: mask)
        let expected = zip(values, mask).filter(\.1).map(\.0)
        XCTAssertEqual(filtered.rowCount, expected.count)
        let column = try filtered.column("v")
        for (row, value) in expected.enumerated() {
            XCTAssertEqual(column.value(at: row), value.map { .int(Int64($0)) } ?? .null, "row \(row)")
        }
        XCTAssertEqual(column.nullCount, expected.filter { $0 == nil }.count)
        XCTAssertEqual(column.validity?.blob.count, (expected.count + 7) / 8)
    }

    func testFilterKeepingEveryRowSharesTheBlobs() throws {
        let frame = try DataFrame(columns: [
            ("n", Column([1, nil, 3] as [Int64?])),
            ("s", Column(["a", "b", "c"])),
        ])
        let filtered = try frame.filtered(by: [true, true, true])
        for name in frame.columnNames {
            XCTAssertEqual(
                try filtered.column(name).blobs.map { ObjectIdentifier($0.owner) },
                try frame.column(name).blobs.map { ObjectIdentifier($0.owner) }
            )
        }
        XCTAssertEqual(rows(of: filtered), rows(of: frame))
    }

    func testFilterKeepingNoRowsGivesEmptyColumnsOfTheSameKinds() throws {
        let frame = try DataFrame(columns: [
            ("n", Column([1, nil] as [Int64?])),
            ("s", Column(["a", nil] as [String?])),
        ])
        let filtered = try frame.filtered(by: [false, false])
        XCTAssertEqual(filtered.rowCount, 0)
        XCTAssertEqual(filtered.columnNames, ["n", "s"])
        XCTAssertEqual(try filtered.column("n").kind, .numeric(.int64))
        XCTAssertEqual(try filtered.values("n", as: Int64.self).count, 0)
        XCTAssertEqual(try filtered.strings("s").count, 0)
        XCTAssertNil(try filtered.column("s").validity)
        // Still a valid frame: it encodes and decodes.
        XCTAssertEqual(try DataFrame(decoding: filtered.encoded()).rowCount, 0)
    }

    func testFilterRejectsAMaskOfAnotherLength() throws {
        let frame = try DataFrame(columns: [("n", Column([1, 2, 3] as [Int64]))])
        let attempts: [() throws -> DataFrame] = [
            { try frame.filtered(by: [true, false]) },
            { try frame.filtered(by: Tensor([true, false, true, true])) },
        ]
        for attempt in attempts {
            XCTAssertThrowsError(try attempt()) { error in
                guard case let .lengthMismatch(column, expected, _)? = error as? DataFrameError else {
                    return XCTFail("unexpected error \(error)")
                }
                XCTAssertEqual(column, "mask")
                XCTAssertEqual(expected, 3)
            }
        }
    }

    func testFilterRejectsATwoDimensionalMask() throws {
        let frame = try DataFrame(columns: [("n", Column([1, 2, 3, 4] as [Int64]))])
        let mask = try Tensor<Bool>(shape: [2, 2], scalars: [true, false, true, false])
        XCTAssertThrowsError(try frame.filtered(by: mask)) { error in
            guard case let .notOneDimensional(shape)? = error as? DataFrameError else { return XCTFail("unexpected error \(error)") }
            XCTAssertEqual(shape, [2, 2])
        }
    }

    // MARK: - Concatenating

    func testConcatenatingFramesJoinsRowsNullsAndStrings() throws {
        let first = try DataFrame(columns: [
            ("Id", Column([1, 2] as [Int64])),
            ("Street", Column(["Pave", nil] as [String?])),
            ("Price", Column([100.5, nil] as [Double?])),
        ])
        let second = try DataFrame(columns: [
            ("Id", Column([3] as [Int64])),
            ("Street", Column(["Grvl 🚜"])),
            ("Price", Column([300.25] as [Double])),
        ])
        let third = try DataFrame(columns: [
            ("Id", Column([4, 5] as [Int64])),
            ("Street", Column(["", nil] as [String?])),
            ("Price", Column([nil, 500] as [Double?])),
        ])
        let joined = try DataFrame.concatenating([first, second, third])

        XCTAssertEqual(joined.columnNames, ["Id", "Street", "Price"])
        XCTAssertEqual(joined.rowCount, 5)
        XCTAssertEqual(rows(of: joined), [
            [.int(1), .string("Pave"), .double(100.5)],
            [.int(2), .null, .null],
            [.int(3), .string("Grvl 🚜"), .double(300.25)],
            [.int(4), .string(""), .null],
            [.int(5), .null, .double(500)],
        ])
        let strings = try joined.strings("Street")
        XCTAssertNoThrow(try StringArray(offsets: strings.offsets, bytes: strings.bytes))
        // The result owns new blobs; the inputs are untouched.
        let inputOwners = Set([first, second, third].flatMap { frame in frame.columns.flatMap { $0.column.blobs.map { ObjectIdentifier($0.owner) } } })
        for (name, column) in joined.columns {
            for blob in column.blobs { XCTAssertFalse(inputOwners.contains(ObjectIdentifier(blob.owner)), name) }
        }
        XCTAssertEqual(first.rowCount, 2)
    }

    func testConcatenatingCombinesValidityTreatingAMissingBitmapAsAllValid() throws {
        // 8 rows (null at 1), then 10 without a bitmap, then 9 (nulls at 0 and 8): the second
        // and third parts start at bits 8 and 18, covering byte-aligned and unaligned joins.
        let a = try DataFrame(columns: [("v", Column((0..<8).map { $0 == 1 ? nil : Int32($0) } as [Int32?]))])
        let b = try DataFrame(columns: [("v", Column((8..<18).map { Int32($0) } as [Int32]))])
        let c = try DataFrame(columns: [("v", Column((18..<27).map { $0 == 18 || $0 == 26 ? nil : Int32($0) } as [Int32?]))])
        XCTAssertNil(try b.column("v").validity)

        let joined = try DataFrame.concatenating([a, b, c])
        let column = try joined.column("v")
        XCTAssertEqual(joined.rowCount, 27)
        XCTAssertEqual(column.nullCount, 3)
        for row in 0..<27 {
            let isNull = [1, 18, 26].contains(row)
            XCTAssertEqual(column.value(at: row), isNull ? .null : .int(Int64(row)), "row \(row)")
        }
        XCTAssertEqual(column.validity?.blob.count, 4)
    }

    func testConcatenatingWithoutNullsHasNoValidityBitmap() throws {
        let allValid = try Column(Tensor<Int64>([1, 2]), validity: ValidityBitmap([true, true]))
        let a = try DataFrame(columns: [("v", allValid)])
        let b = try DataFrame(columns: [("v", Column([3] as [Int64]))])
        XCTAssertNil(try a.column("v").validity, "a bitmap without nulls is dropped")

        let joined = try DataFrame.concatenating([a, b])
        XCTAssertNil(try joined.column("v").validity)
        XCTAssertEqual(try joined.values("v", as: Int64.self).scalars, [1, 2, 3])
    }

    func testConcatenatingRebasesStringOffsetsThatDoNotStartAtZero() throws {
        // "ab", "", "cdef" viewing bytes 3..<9 of a larger blob, then a plain array.
        let sliced = try StringArray(offsets: int64Blob([3, 5, 5, 9]), bytes: Blob(copying: Array("xyzabcdefQ".utf8)))
        let a = try DataFrame(columns: [("s", Column(sliced))])
        let b = try DataFrame(columns: [("s", Column(["gh", "é"]))])

        let joined = try a.appending(rowsOf: b)
        let strings = try joined.strings("s")
        XCTAssertEqual(Array(strings), ["ab", "", "cdef", "gh", "é"])
        XCTAssertEqual(strings.bytes.bytes, Array("abcdefghé".utf8))
        XCTAssertEqual(strings.offsets.bytes, int64Blob([0, 2, 2, 6, 8, 10]).bytes)
    }

    func testConcatenatingFramesWithDifferentColumnsThrowsNamingTheColumn() throws {
        let a = try DataFrame(columns: [("Id", Column([1] as [Int64])), ("Price", Column([1.0]))])
        let b = try DataFrame(columns: [("Id", Column([2] as [Int64])), ("Cost", Column([2.0]))])

        XCTAssertThrowsError(try DataFrame.concatenating([a, a, b])) { error in
            guard case let .incompatibleFrames(reason)? = error as? DataFrameError else { return XCTFail("unexpected error \(error)") }
            XCTAssertTrue(reason.contains("'Cost'"), reason)
            XCTAssertTrue(reason.contains("'Price'"), reason)
            XCTAssertTrue(reason.contains("frame 2"), reason)
            XCTAssertFalse(reason.contains("'Id'"), reason)
        }
    }

    func testConcatenatingFramesWithAColumnOfAnotherKindThrowsNamingTheColumn() throws {
        let a = try DataFrame(columns: [("Id", Column([1] as [Int64])), ("Zip", Column([12345] as [Int64]))])
        let b = try DataFrame(columns: [("Id", Column([2] as [Int64])), ("Zip", Column(["02139"]))])

        XCTAssertThrowsError(try DataFrame.concatenating([a, b])) { error in
            guard case let .incompatibleFrames(reason)? = error as? DataFrameError else { return XCTFail("unexpected error \(error)") }
            XCTAssertTrue(reason.contains("'Zip'"), reason)
            XCTAssertTrue(reason.contains("string"), reason)
            XCTAssertTrue(reason.contains("int64"), reason)
        }
    }

    func testConcatenatingFramesWithMissingOrExtraColumnsThrowsNamingTheColumn() throws {
        let two = try DataFrame(columns: [("Id", Column([1] as [Int64])), ("Price", Column([1.0]))])
        let one = try DataFrame(columns: [("Id", Column([2] as [Int64]))])

        XCTAssertThrowsError(try DataFrame.concatenating([two, one])) { error in
            guard case let .incompatibleFrames(reason)? = error as? DataFrameError else { return XCTFail("unexpected error \(error)") }
            XCTAssertTrue(reason.contains("'Price'"), reason)
        }
        XCTAssertThrowsError(try one.appending(rowsOf: two)) { error in
            guard case let .incompatibleFrames(reason)? = error as? DataFrameError else { return XCTFail("unexpected error \(error)") }
            XCTAssertTrue(reason.contains("'Price'"), reason)
        }
    }

    func testAppendingRowsOfAFrameWithColumnsInAnotherOrderThrows() throws {
        let a = try DataFrame(columns: [("x", Column([1] as [Int64])), ("y", Column([2] as [Int64]))])
        let b = try DataFrame(columns: [("y", Column([3] as [Int64])), ("x", Column([4] as [Int64]))])

        XCTAssertThrowsError(try a.appending(rowsOf: b)) { error in
            guard case let .incompatibleFrames(reason)? = error as? DataFrameError else { return XCTFail("unexpected error \(error)") }
            XCTAssertTrue(reason.contains("'y'") && reason.contains("'x'"), reason)
        }
    }

    func testAppendingRowsOfAnotherFramePutsThemAfterThisFramesRows() throws {
        let a = try DataFrame(columns: [("n", Column([1, nil] as [UInt16?])), ("s", Column(["a", "b"]))])
        let b = try DataFrame(columns: [("n", Column([3] as [UInt16])), ("s", Column([nil] as [String?]))])

        let joined = try a.appending(rowsOf: b)
        XCTAssertEqual(joined.rowCount, 3)
        XCTAssertEqual(rows(of: joined), [[.uint(1), .string("a")], [.null, .string("b")], [.uint(3), .null]])
    }

    func testConcatenatingOneFrameReturnsItAndNoFramesGivesAnEmptyFrame() throws {
        let frame = try DataFrame(columns: [("n", Column([1, 2] as [Int64]))])
        let same = try DataFrame.concatenating([frame])
        XCTAssertEqual(ObjectIdentifier(try same.column("n").blobs[0].owner), ObjectIdentifier(try frame.column("n").blobs[0].owner))
        XCTAssertEqual(same.rowCount, 2)

        let empty = try DataFrame.concatenating([])
        XCTAssertEqual(empty.columnCount, 0)
        XCTAssertEqual(empty.rowCount, 0)
    }

    func testConcatenatingFramesOfNoRowsKeepsTheColumns() throws {
        let full = try DataFrame(columns: [("s", Column(["a", nil] as [String?]))])
        let none = try full.filtered(by: [false, false])
        let joined = try DataFrame.concatenating([none, full, none])
        XCTAssertEqual(rows(of: joined), [[.string("a")], [.null]])
    }

    // MARK: - Encoding

    func testDataFrameWithNullsInNumericAndStringColumnsRoundTrips() async throws {
        let frame = try DataFrame(columns: [
            ("Id", Column([1, 2, 3, 4] as [Int64])),
            ("LotFrontage", Column([65, nil, 68, nil] as [Double?])),
            ("Alley", Column([nil, "Grvl", "", "Pavé ✓"] as [String?])),
            ("Flag", Column([true, false, nil, true] as [Bool?])),
        ])
        let encoded = frame.encoded()
        XCTAssertEqual(encoded.fields["row_count"], .int(4))
        XCTAssertEqual(encoded.members["LotFrontage"]?.fields["null_count"], .int(2))
        XCTAssertNotNil(encoded.members["Alley"]?.blobs["validity"])
        XCTAssertNil(encoded.members["Id"]?.blobs["validity"])

        for decoded in [try DataFrame(decoding: encoded), try DataFrame(decoding: await throughContainer(encoded))] {
            XCTAssertEqual(decoded.columnNames, frame.columnNames)
            XCTAssertEqual(decoded.rowCount, 4)
            for (name, column) in frame.columns {
                XCTAssertEqual(try decoded.column(name).kind, column.kind, name)
                XCTAssertEqual(try decoded.column(name).validity, column.validity, name)
            }
            XCTAssertEqual(rows(of: decoded), rows(of: frame))
        }
    }

    func testDecodingADataFrameWhoseMemberHasTheWrongRowCountThrowsNamingTheMember() throws {
        let frame = try DataFrame(columns: [
            ("Id", Column([1, 2, 3] as [Int64])),
            ("Street", Column(["Pave", "Grvl", "Pave"])),
        ])
        var encoded = frame.encoded()
        encoded.members["Street"] = StringArray(["Pave", "Grvl"]).encoded()

        XCTAssertThrowsError(try DataFrame(decoding: encoded)) { error in
            guard case let .inMember(name, inner)? = error as? ObjectError else { return XCTFail("unexpected error \(error)") }
            XCTAssertEqual(name, "Street")
            XCTAssertTrue("\(error)".contains("'Street'"), "\(error)")
            XCTAssertTrue("\(inner)".contains("3 rows"), "\(inner)")
        }
    }

    // MARK: - Helpers

    private func assertFilterKeepsMaskedRows<Element: TensorElement>(
        _ values: [Element], mask: [Bool], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let frame = try DataFrame(columns: [("v", Column(values))])
        let filtered = try frame.filtered(by: mask)
        let expected = Tensor(zip(values, mask).filter(\.1).map(\.0))
        // Tensor equality compares bits, so NaN and -0.0 must survive unchanged.
        XCTAssertEqual(try filtered.values("v", as: Element.self), expected, "\(Element.self)", file: file, line: line)
        XCTAssertEqual(try filtered.column("v").kind, .numeric(Element.dtype), file: file, line: line)
    }
}

/// Every row of `frame` as values, for comparisons.
private func rows(of frame: DataFrame) -> [[Value]] {
    (0..<frame.rowCount).map { row in frame.columns.map { $0.column.value(at: row) } }
}

/// A blob of little-endian `Int64`s (string offsets).
private func int64Blob(_ values: [Int64]) -> Blob {
    values.map(\.littleEndian).withUnsafeBytes { Blob(copying: $0) }
}

/// `object` written to a `.dso` container in memory and read back.
private func throughContainer(_ object: EncodedObject) async throws -> EncodedObject {
    let storage = MemoryStorage()
    let location = StorageLocation(scheme: "memory", path: "dataframe-tests/object.dso")
    let writer = try await storage.makeWriter(for: location)
    try await Container.write(object, to: writer)
    try await writer.commit()
    return try Container.read(try await storage.read(location), source: location.description)
}
