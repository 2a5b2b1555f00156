import DatasetSDK
import XCTest

/// Filling nulls (`fillingNulls`) and dictionary encoding of string columns.
final class ColumnFillTests: XCTestCase {
    func testFillingStringNullsWritesTheValueAndKeepsTheOtherStrings() throws {
        let column = Column(["Ex", nil, nil, "Gd", "", nil] as [String?])
        let filled = try column.fillingNulls(with: "None")
        XCTAssertEqual(Array(try filled.strings()), ["Ex", "None", "None", "Gd", "", "None"])
        XCTAssertNil(filled.validity)
    }

    func testFillingNumericNullsOverwritesOnlyNullSlots() throws {
        let values = (0..<20).map { $0 % 3 == 0 ? nil : Int64($0) }
        let filled = try Column(values).fillingNulls(with: Int64(-1))
        XCTAssertEqual(try filled.values(as: Int64.self).scalars, values.map { $0 ?? -1 })
        XCTAssertEqual(filled.nullCount, 0)
    }

    func testFillingAColumnWithoutNullsSharesItsBlobs() throws {
        let column = Column(["a", "b"])
        let filled = try column.fillingNulls(with: "x")
        XCTAssertTrue(filled.blobs[0].owner === column.blobs[0].owner)
    }

    func testFillingWithTheWrongTypeNamesBothKinds() throws {
        XCTAssertThrowsError(try Column([1, nil] as [Int64?]).fillingNulls(with: "None")) { error in
            XCTAssertTrue("\(error)".contains("int64") && "\(error)".contains("string"), "\(error)")
        }
        XCTAssertThrowsError(try Column([1.5, nil] as [Double?]).fillingNulls(with: Int64(0)))
    }

    func testFillingFromAnotherColumnKeepsRowsNullInBoth() throws {
        let column = Column([1, nil, nil, 4] as [Double?])
        let replacement = Column([9, 7, nil, 9] as [Double?])
        let filled = try column.fillingNulls(from: replacement)
        XCTAssertEqual(try filled.values(as: Double.self)[1], 7)
        XCTAssertEqual(try filled.values(as: Double.self)[0], 1)
        XCTAssertEqual((0..<4).map(filled.isNull), [false, false, true, false])
        XCTAssertThrowsError(try column.fillingNulls(from: Column([1.0])))
    }

    func testDictionaryEncodingGivesCodesInOrderOfFirstAppearanceAndMinusOneForNull() throws {
        let encoded = try Column(["NAmes", "CollgCr", nil, "NAmes", "", "CollgCr"] as [String?]).dictionaryEncoded()
        XCTAssertEqual(encoded.codes, [0, 1, -1, 0, 2, 1])
        XCTAssertEqual(Array(encoded.categories), ["NAmes", "CollgCr", ""])
    }

    func testDictionaryEncodingHandlesManyDistinctValues() throws {
        let values = (0..<5000).map { "value-\($0 % 1500)" }
        let encoded = try Column(values).dictionaryEncoded()
        XCTAssertEqual(encoded.categories.count, 1500)
        XCTAssertEqual(encoded.codes.map { encoded.categories[Int($0)] }, values)
        XCTAssertThrowsError(try Column([1.0]).dictionaryEncoded())
    }
}
