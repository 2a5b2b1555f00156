import Foundation
import XCTest

@testable import DatasetSDK

final class CSVTests: XCTestCase {
    private static let housePricesPath = "/work/shared/data/house-prices/train.csv"

    // MARK: - Helpers

    private func read(_ text: String, options: CSVOptions = CSVOptions(), rowsPerBlock: Int? = nil, parallel: Bool? = nil) throws -> DataFrame {
        try read(bytes: Array(text.utf8), options: options, rowsPerBlock: rowsPerBlock, parallel: parallel)
    }

    private func read(bytes: [UInt8], options: CSVOptions = CSVOptions(), rowsPerBlock: Int? = nil, parallel: Bool? = nil) throws -> DataFrame {
        try bytes.withUnsafeBytes { raw in
            try CSVReader.read(raw, source: "test.csv", options: options, rowsPerBlock: rowsPerBlock, parallel: parallel)
        }
    }

    private func readError(_ text: String) -> CSVError? {
        do { _ = try read(text) } catch { return error as? CSVError }
        return nil
    }

    private func write(_ frame: DataFrame, options: CSVOptions = CSVOptions(), chunkSize: Int = CSVWriter.chunkSize) async throws -> (text: [UInt8], chunks: Int) {
        var (bytes, chunks) = ([UInt8](), 0)
        try await CSVWriter.write(frame, options: options, chunkSize: chunkSize) { (bytes, chunks) = (bytes + $0.bytes, chunks + 1) }
        return (bytes, chunks)
    }

    private func houseBytes() throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: Self.housePricesPath) else {
            throw XCTSkip("\(Self.housePricesPath) is absent")
        }
        return [UInt8](data)
    }

    private func assertFramesEqual(_ lhs: DataFrame, _ rhs: DataFrame, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(lhs.columnNames, rhs.columnNames, file: file, line: line)
        XCTAssertEqual(lhs.rowCount, rhs.rowCount, file: file, line: line)
        for (name, left) in lhs.columns {
            let right = try rhs.column(name)
            XCTAssertEqual(left.kind, right.kind, "kind of \(name)", file: file, line: line)
            XCTAssertEqual(left.validity, right.validity, "nulls of \(name)", file: file, line: line)
            for row in 0..<left.count where left.value(at: row) != right.value(at: row) {
                XCTFail("\(name)[\(row)]: \(left.value(at: row)) != \(right.value(at: row))", file: file, line: line)
                break
            }
        }
    }

    // MARK: - House prices

    func testHousePricesTrainReadsWithPandasColumnTypes() throws {
        let frame = try read(bytes: houseBytes())
        XCTAssertEqual(frame.rowCount, 1460)
        XCTAssertEqual(frame.columnCount, 81)
        XCTAssertEqual(try frame.column("Id").kind, .numeric(.int64))
        XCTAssertEqual(try frame.values("Id", as: Int64.self).scalars, Array(1...1460))

        let lotFrontage = try frame.column("LotFrontage")
        XCTAssertEqual(lotFrontage.kind, .numeric(.float64))
        XCTAssertEqual(lotFrontage.nullCount, 259)
        XCTAssertEqual(lotFrontage.value(at: 0), .double(65))

        let alley = try frame.column("Alley")
        XCTAssertEqual(alley.kind, .string)
        XCTAssertEqual(alley.nullCount, 1369)
        XCTAssertTrue(alley.isNull(0))
        let firstAlley = (0..<alley.count).first { !alley.isNull($0) }!
        XCTAssertEqual(alley.value(at: firstAlley), .string("Grvl"))

        let salePrice = try frame.values("SalePrice", as: Int64.self)
        XCTAssertEqual(salePrice.first, 208500)
        XCTAssertEqual(salePrice.last, 147500)
        XCTAssertNil(try frame.column("SalePrice").validity)

        // pandas: 35 int64, 3 float64 (LotFrontage, MasVnrArea, GarageYrBlt), 43 object.
        let kinds = frame.columns.map(\.column.kind)
        XCTAssertEqual(kinds.filter { $0 == .numeric(.int64) }.count, 35)
        XCTAssertEqual(frame.columns.filter { $0.column.kind == .numeric(.float64) }.map(\.name), ["LotFrontage", "MasVnrArea", "GarageYrBlt"])
        XCTAssertEqual(kinds.filter { $0 == .string }.count, 43)
    }

    func testHousePricesRoundTripKeepsColumnsKindsValuesAndNulls() async throws {
        let original = try read(bytes: houseBytes())
        let (text, chunks) = try await write(original)
        XCTAssertEqual(chunks, 1)
        try assertFramesEqual(original, read(bytes: text))
        // Small blocks and chunks give the same frame and text.
        try assertFramesEqual(original, read(bytes: houseBytes(), rowsPerBlock: 7))
        let (chunkedText, chunkCount) = try await write(original, chunkSize: 4096)
        XCTAssertGreaterThan(chunkCount, 50)
        XCTAssertEqual(chunkedText, text)
    }

    func testParallelReadGivesTheSameFrameAsSerialRead() throws {
        let bytes = try houseBytes()
        let serial = try read(bytes: bytes, parallel: false)
        for rowsPerBlock in [1, 7, 100, 5000] {
            try assertFramesEqual(serial, read(bytes: bytes, rowsPerBlock: rowsPerBlock, parallel: true))
        }
    }

    func testParallelReadReportsErrorsInLaterBlocks() {
        let text = "a,b\n" + String(repeating: "1,2\n", count: 100) + "3,4,5\n"
        XCTAssertThrowsError(try read(text, rowsPerBlock: 8, parallel: true)) { error in
            guard case let .wrongFieldCount(_, line, _, _, _) = error as? CSVError else { return XCTFail("\(error)") }
            XCTAssertEqual(line, 102)
        }
    }

    // MARK: - Parsing

    func testQuotedFieldsHoldDelimitersQuotesAndNewlines() throws {
        let frame = try read("name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\n\"multi\nline\",\"a\r\nb\"\nplain,\"\"\n")
        XCTAssertEqual(try frame.strings("name").map { $0 }, ["Smith, J", "multi\nline", "plain"])
        let note = try frame.column("note")
        XCTAssertEqual((0..<3).map { note.value(at: $0) }, [.string("said \"hi\""), .string("a\r\nb"), .null])
    }

    func testQuoteInsideUnquotedFieldAndTextAfterClosingQuoteAreKept() throws {
        let frame = try read("a,b\nab\"c,\"xy\"z\n")
        XCTAssertEqual(try [frame.column("a").value(at: 0), frame.column("b").value(at: 0)], [.string("ab\"c"), .string("xyz")])
    }

    func testCRLFLineEndsAreAccepted() throws {
        let frame = try read("a,b\r\n1,x\r\n2,y\r\n")
        XCTAssertEqual(frame.rowCount, 2)
        XCTAssertEqual(try frame.values("a", as: Int64.self).scalars, [1, 2])
        XCTAssertEqual(try frame.strings("b").map { $0 }, ["x", "y"])
    }

    func testMissingTrailingNewlineAndBlankLinesAreAccepted() throws {
        let frame = try read("a,b\n\n1,2\n\n3,4")
        XCTAssertEqual(try frame.values("b", as: Int64.self).scalars, [2, 4])
    }

    func testByteOrderMarkIsSkipped() throws {
        let frame = try read(bytes: [0xEF, 0xBB, 0xBF] + Array("Id,x\n1,2\n".utf8))
        XCTAssertEqual(frame.columnNames, ["Id", "x"])
        XCTAssertEqual(try frame.values("Id", as: Int64.self).scalars, [1])
    }

    func testTypesAreInferredPerColumnLikePandas() throws {
        let frame = try read("i,f,e,mixed,s,ni,big,special\n1,0.5,1e5,1,a,1,9223372036854775807,inf\n-2,-0.5,2E-3,2.5,b,,9223372036854775808,nan\n+3,3,-1e+2,3,4,3,1,-Infinity\n")
        XCTAssertEqual(try frame.values("i", as: Int64.self).scalars, [1, -2, 3])
        XCTAssertEqual(try frame.values("f", as: Double.self).scalars, [0.5, -0.5, 3])
        XCTAssertEqual(try frame.values("e", as: Double.self).scalars, [100_000, 0.002, -100])
        XCTAssertEqual(try frame.values("mixed", as: Double.self).scalars, [1, 2.5, 3])
        XCTAssertEqual(try frame.strings("s").map { $0 }, ["a", "b", "4"])
        let withNull = try frame.column("ni")
        XCTAssertEqual(withNull.kind, .numeric(.float64))
        XCTAssertEqual((0..<3).map { withNull.value(at: $0) }, [.double(1), .null, .double(3)])
        XCTAssertEqual(try frame.values("big", as: Double.self).scalars, [9.223372036854775807e18, 9.223372036854775808e18, 1])
        let special = try frame.values("special", as: Double.self).scalars
        XCTAssertEqual(special.map { $0.isNaN ? 0 : $0 }, [.infinity, 0, -.infinity])
    }

    func testDoublesMatchSwiftParsing() throws {
        let texts = ["0.1", "123456.789", "1.7976931348623157e308", "5e-324", "0.30000000000000004", "12345678901234567890.5", "-0.0", "1.", ".25", " 7.5 "]
        let frame = try read("x\n" + texts.joined(separator: "\n") + "\n")
        let values = try frame.values("x", as: Double.self).scalars
        for (text, value) in zip(texts, values) {
            let expected = Double(text.trimmingCharacters(in: .whitespaces))!
            XCTAssertEqual(value.bitPattern, expected.bitPattern, text)
        }
    }

    func testStringFoundLateRestartsColumnWithOriginalText() throws {
        var text = "n,late\n"
        for index in 0..<50 { text += "\(index),\(index % 3 == 0 ? "" : "0\(index).0")\n" }
        text += "50,word\n"
        let frame = try read(text, rowsPerBlock: 4)
        try assertFramesEqual(frame, read(text, rowsPerBlock: 4, parallel: true))
        let late = try frame.column("late")
        XCTAssertEqual(late.kind, .string)
        XCTAssertEqual(late.value(at: 1), .string("01.0"))
        XCTAssertTrue(late.isNull(3))
        XCTAssertEqual(late.value(at: 50), .string("word"))
        XCTAssertEqual(try frame.values("n", as: Int64.self).scalars, Array(0...50))
    }

    func testAllNullColumnIsFloat64() throws {
        let empty = try read("a,empty\n1,\n2,NA\n").column("empty")
        XCTAssertEqual(empty.kind, .numeric(.float64))
        XCTAssertEqual(empty.nullCount, 2)
    }

    func testHeaderOnlyGivesEmptyStringColumns() throws {
        let frame = try read("a,b\n")
        XCTAssertEqual(frame.columnNames, ["a", "b"])
        XCTAssertEqual(frame.rowCount, 0)
        XCTAssertEqual(try frame.column("a").kind, .string)
    }

    func testCustomNullValuesReplaceDefaults() throws {
        let options = try CSVOptions(loadArguments: ["na_values": ["?", "missing"], "sep": ";"])
        let frame = try read("a;b\n1;?\nNA;missing\n;2\n", options: options)
        XCTAssertEqual(try frame.strings("a").map { $0 }, ["1", "NA", ""])
        let b = try frame.column("b")
        XCTAssertEqual(b.kind, .numeric(.float64))
        XCTAssertEqual(b.nullCount, 2)
        XCTAssertEqual(b.value(at: 2), .double(2))
    }

    func testWithoutHeaderColumnsAreNumbered() throws {
        let frame = try read("1,x\n2,y\n", options: CSVOptions(loadArguments: ["header": false]))
        XCTAssertEqual(frame.columnNames, ["0", "1"])
        XCTAssertEqual(frame.rowCount, 2)
    }

    // MARK: - Errors

    func testRowWithTooManyFieldsReportsLineAndColumn() {
        let error = readError("a,b\n1,2\n3,4,5\n")
        guard case let .wrongFieldCount(source, line, column, expected, found) = error else {
            return XCTFail("expected wrongFieldCount, got \(String(describing: error))")
        }
        XCTAssertEqual([source, "\(line):\(column)", "\(expected)/\(found)"], ["test.csv", "3:5", "2/3"])
        XCTAssertEqual(error?.description, "test.csv:3:5: row has 3 fields, the header has 2")
    }

    func testRowWithTooFewFieldsReportsLine() {
        let error = readError("a,b,c\n1,2,3\n\"x\ny\",2\n")
        guard case let .wrongFieldCount(_, line, _, expected, found) = error else {
            return XCTFail("expected wrongFieldCount, got \(String(describing: error))")
        }
        XCTAssertEqual([line, expected, found], [4, 3, 2])
    }

    func testUnterminatedQuoteReportsLineAndColumn() {
        let error = readError("a,b\n1,2\n3,\"open\n4,5\n")
        guard case let .unterminatedQuote(_, line, column) = error else {
            return XCTFail("expected unterminatedQuote, got \(String(describing: error))")
        }
        XCTAssertEqual([line, column], [3, 3])
        XCTAssertTrue(error!.description.hasPrefix("test.csv:3:3: "))
    }

    func testEmptyInputFails() {
        for text in ["", "\n\n", "\u{FEFF}"] {
            guard case .emptyInput = readError(text) else { return XCTFail("expected emptyInput for \(text.debugDescription)") }
        }
    }

    func testDuplicateHeaderNamesFail() {
        let error = readError("a,b,a\n1,2,3\n")
        guard case let .duplicateHeader(_, name, line, column) = error else {
            return XCTFail("expected duplicateHeader, got \(String(describing: error))")
        }
        XCTAssertEqual([name, "\(line):\(column)"], ["a", "1:5"])
    }

    func testUnknownLoadArgumentIsRejectedByName() {
        XCTAssertThrowsError(try CSVOptions(loadArguments: ["sep": ",", "skiprows": 3])) { error in
            guard case let .unknownOption(_, key, known, _) = error as? DatasetError else { return XCTFail("\(error)") }
            XCTAssertEqual(key, "load_args.skiprows")
            XCTAssertEqual(known.sorted(), CSVOptions.loadArgumentKeys.map { "load_args.\($0)" })
            XCTAssertTrue("\(error)".contains("skiprows"))
            XCTAssertTrue("\(error)".contains("na_values"))
        }
    }

    func testArgumentOfWrongKindIsRejectedByName() {
        let cases: [[String: Value]] = [["sep": 1], ["sep": ";;"], ["header": "yes"], ["na_values": [1]], ["sep": "\""]]
        for arguments in cases {
            XCTAssertThrowsError(try CSVOptions(loadArguments: arguments), "\(arguments)") { error in
                guard case let .invalidOption(_, key, _, _, _) = error as? DatasetError else { return XCTFail("\(error)") }
                XCTAssertTrue(arguments.keys.contains { "load_args.\($0)" == key }, "\(key) for \(arguments)")
            }
        }
        XCTAssertThrowsError(try CSVOptions(saveArguments: ["index": true]))
        XCTAssertThrowsError(try CSVOptions(saveArguments: ["na_values": ["x"]]))
        XCTAssertThrowsError(try CSVOptions(loadArguments: ["na_rep": ""]))
    }

    func testSaveArgumentsAreRead() throws {
        let options = try CSVOptions(saveArguments: ["sep": "\t", "na_rep": "NULL", "header": false, "index": false, "encoding": "utf-8"])
        XCTAssertEqual(options.delimiter, 0x09)
        XCTAssertEqual(options.nullRepresentation, "NULL")
        XCTAssertFalse(options.hasHeader)
    }

    // MARK: - Writing

    func testWriterFormatsEveryKindLikePandas() async throws {
        let frame = try DataFrame(columns: [
            ("i", Column([1, -20, nil] as [Int64?])),
            ("d", Column([208500, 0.1, 1e-5] as [Double])),
            ("b", Column([true, false, true])),
            ("f", Column([Float(0.1), 2, .nan])),
            ("u", Column([UInt64.max, 0, 7])),
            ("s", Column(["plain", "with,comma", " padded"] as [String?])),
            ("q", Column(["say \"x\"", nil, "two\nlines"] as [String?])),
        ])
        let (text, _) = try await write(frame)
        XCTAssertEqual(String(decoding: text, as: UTF8.self), """
            i,d,b,f,u,s,q
            1,208500.0,True,0.1,18446744073709551615,plain,"say ""x""\"
            -20,0.1,False,2.0,0,"with,comma",
            ,1e-05,True,nan,7," padded","two
            lines"

            """)
    }

    func testWriterUsesNullRepresentationDelimiterAndNoHeader() async throws {
        let frame = try DataFrame(columns: [("a", Column([1, nil] as [Int64?])), ("b", Column(["x;y", "z"]))])
        var options = CSVOptions(delimiter: UInt8(ascii: ";"), hasHeader: false)
        options.nullRepresentation = "NA"
        let (text, _) = try await write(frame, options: options)
        XCTAssertEqual(String(decoding: text, as: UTF8.self), "1;\"x;y\"\nNA;z\n")
    }

    func testSingleColumnNullsSurviveRoundTrip() async throws {
        let frame = try DataFrame(columns: [("only", Column([1.5, nil, 3] as [Double?]))])
        let (text, _) = try await write(frame)
        XCTAssertEqual(String(decoding: text, as: UTF8.self), "only\n1.5\n\"\"\n3.0\n")
        try assertFramesEqual(frame, read(bytes: text))
    }

    func testWriterEmitsChunksOfAboutTheChunkSize() async throws {
        let frame = try DataFrame(columns: [("n", Column(Array(0..<10_000) as [Int64]))])
        let expected = (0..<10_000).map { "\($0)\n" }.joined()
        for parallel in [false, true] {
            var sizes: [Int] = []
            var text: [UInt8] = []
            try await CSVWriter.write(frame, options: CSVOptions(hasHeader: false), chunkSize: 1000, parallel: parallel) { blob in
                sizes.append(blob.count)
                text += blob.bytes
            }
            XCTAssertEqual(String(decoding: text, as: UTF8.self), expected)
            XCTAssertGreaterThan(sizes.count, 40)
            let bounds = parallel ? 500..<2000 : 1000..<1010
            XCTAssertTrue(sizes.dropLast().allSatisfy { bounds.contains($0) }, "parallel \(parallel): \(sizes)")
        }
    }

    func testParallelWriteGivesTheSameTextAsSerialWrite() async throws {
        let frame = try read(bytes: houseBytes())
        var texts: [[UInt8]] = [[], []]
        for (index, parallel) in [false, true].enumerated() {
            try await CSVWriter.write(frame, options: CSVOptions(), chunkSize: 3000, parallel: parallel) { texts[index] += $0.bytes }
        }
        XCTAssertEqual(texts[0], texts[1])
    }

    func testRandomFramesRoundTripExactly() async throws {
        var generator = SplitMix64(seed: 42)
        func random() -> UInt64 { generator.next() }
        let alphabet = Array("ab,\"\n\r é9;\t-.")
        let rows = 3000
        var strings: [String?] = []
        var doubles: [Double?] = []
        var integers: [Int64] = []
        for _ in 0..<rows {
            let length = Int(random() % 12)
            let text = "x" + String((0..<length).map { _ in alphabet[Int(random() % UInt64(alphabet.count))] })
            strings.append(random() % 5 == 0 ? nil : text)
            let bits = random()
            let double = Double(bitPattern: bits)
            doubles.append(random() % 7 == 0 ? nil : (double.isFinite ? double : Double(Int64(bitPattern: bits))))
            integers.append(Int64(bitPattern: random()))
        }
        let frame = try DataFrame(columns: [("s", Column(strings)), ("d", Column(doubles)), ("i", Column(integers))])
        for parallel in [false, true] {
            var text: [UInt8] = []
            try await CSVWriter.write(frame, options: CSVOptions(), chunkSize: 5000, parallel: parallel) { text += $0.bytes }
            for rowsPerBlock in [3, 1000] {
                try assertFramesEqual(frame, read(bytes: text, rowsPerBlock: rowsPerBlock, parallel: parallel))
            }
        }
    }

    func testWriterReadsUnalignedColumnBlobs() async throws {
        var bytes: [UInt8] = [0xFF]
        for value in [Int64(7), -8] { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        let unaligned = Blob(copying: bytes).slice(1..<17)
        let column = Column(kind: .numeric(.int64), count: 2, data: unaligned, offsets: nil, validity: nil)
        let (text, _) = try await write(DataFrame(columns: [("n", column)]))
        XCTAssertEqual(String(decoding: text, as: UTF8.self), "n\n7\n-8\n")
    }

    func testEmptyFrameWritesNothing() async throws {
        let (text, chunks) = try await write(DataFrame())
        XCTAssertEqual(text.count + chunks, 0)
    }
}

