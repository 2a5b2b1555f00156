import DatasetSDK
import Foundation
import XCTest

/// The typed column types of docs/format.md section 3 (timestamps, durations, dates, decimals,
/// dictionaries) and `datasetsdk.Series`: round trips through files, row operations, and the
/// checks a reader makes on hostile files.
final class ColumnTypesTests: XCTestCase {
    private func sampleFrame() throws -> DataFrame {
        try DataFrame(columns: [
            ("when", Column([Date(timeIntervalSince1970: 0), nil, Date(timeIntervalSince1970: 1_600_000_000.5)], unit: .milliseconds, timeZone: "Europe/Paris")),
            ("naive", Column(timestamps: Tensor<Int64>([1, 2, 3]), unit: .nanoseconds)),
            ("took", Column([.seconds(90), .milliseconds(-5), nil], unit: .microseconds)),
            ("day", Column(dates: Tensor<Int32>([0, 18_262, -1]), validity: ValidityBitmap([true, true, false]))),
            ("price", Column([Decimal(string: "123.45"), nil, Decimal(string: "-0.01")], precision: 7, scale: 2)),
            ("zone", Column(["RL", "RM", "RL"]).categorical()),
            ("grade", Column(codes: Tensor<Int8>([2, 0, 1]), categories: Column([Int64(10), 20, 30]), ordered: true)),
        ])
    }

    func testEveryTypedColumnRoundTripsThroughAFileWithItsKindNullsAndValues() async throws {
        let directory = try TemporaryDirectory()
        let frame = try sampleFrame()
        try await writeContainer(frame.encoded(), to: directory.file("typed.dso"))
        let loaded = try DataFrame(decoding: await readContainer(directory.file("typed.dso")))
        for (name, column) in frame.columns {
            let other = try loaded.column(name)
            XCTAssertEqual(other.kind, column.kind, name)
            XCTAssertEqual((0..<3).map(other.value(at:)), (0..<3).map(column.value(at:)), name)
        }
        XCTAssertEqual(try loaded.column("when").kind, .timestamp(.milliseconds, timeZone: "Europe/Paris"))
        XCTAssertEqual(try loaded.column("when").date(at: 2), Date(timeIntervalSince1970: 1_600_000_000.5))
        XCTAssertNil(try loaded.column("when").date(at: 1))
        XCTAssertEqual(try loaded.column("took").duration(at: 0), .seconds(90))
        XCTAssertEqual(try loaded.column("took").duration(at: 1), .milliseconds(-5))
        XCTAssertEqual(try loaded.column("day").date(at: 1), Date(timeIntervalSince1970: 18_262 * 86_400))
        XCTAssertEqual(try loaded.column("price").decimalText(at: 0), "123.45")
        XCTAssertEqual(try loaded.column("price").decimal(at: 2), Decimal(string: "-0.01"))
        XCTAssertEqual(try loaded.column("zone").kind, .dictionary(codes: .int32, categories: .string, ordered: false))
        XCTAssertEqual(try loaded.column("zone").value(at: 2), .string("RL"))
        XCTAssertEqual(try loaded.column("grade").value(at: 0), .int(30))
        XCTAssertEqual(try loaded.column("grade").kind.description, "dictionary<int8, int64, ordered>")
    }

    func testNullTimestampsHoldNotATimeWhateverTheInputHeld() throws {
        let column = try Column(timestamps: Tensor<Int64>([5, 0, 7]), unit: .seconds, validity: ValidityBitmap([true, false, true]))
        XCTAssertEqual(try column.rawValues(as: Int64.self).scalars, [5, Column.notATime, 7])
        XCTAssertThrowsError(try Column(timestamps: Tensor<Int64>([Column.notATime]), unit: .seconds)) { error in
            XCTAssertTrue("\(error)".contains("-2^63"), "\(error)")
        }
        let codes = try Column(codes: Tensor<Int16>([0, 5]), categories: Column(["a"]), validity: ValidityBitmap([true, false]))
        XCTAssertEqual(try codes.rawValues(as: Int16.self).scalars, [0, -1])
    }

    func testFilteringConcatenatingAndFillingKeepKindAndCategories() throws {
        let frame = try sampleFrame()
        let kept = try frame.filtered(by: [true, false, true])
        XCTAssertEqual(kept.rowCount, 2)
        XCTAssertEqual(try kept.column("zone").value(at: 1), .string("RL"))
        XCTAssertEqual(try kept.column("price").decimalText(at: 1), "-0.01")
        XCTAssertEqual(try kept.column("when").kind, try frame.column("when").kind)

        let joined = try DataFrame.concatenating([frame, kept])
        XCTAssertEqual(joined.rowCount, 5)
        XCTAssertEqual(try joined.column("grade").value(at: 4), .int(20))
        XCTAssertEqual(try joined.column("when").nullCount, 1)

        let other = try DataFrame(columns: [("zone", Column(["FV"]).categorical())])
        XCTAssertThrowsError(try DataFrame.concatenating([frame.selecting(columns: ["zone"]), other])) { error in
            XCTAssertTrue("\(error)".contains("different categories"), "\(error)")
        }

        let when = try frame.column("when").fillingNulls(with: Date(timeIntervalSince1970: 60))
        XCTAssertEqual(when.nullCount, 0)
        XCTAssertEqual(when.date(at: 1), Date(timeIntervalSince1970: 60))
        let took = try frame.column("took").fillingNulls(with: Duration.seconds(1))
        XCTAssertEqual(took.duration(at: 2), .seconds(1))
        XCTAssertThrowsError(try frame.column("day").fillingNulls(with: Duration.seconds(1)))
        let filled = try frame.column("day").fillingNulls(from: Column(dates: Tensor<Int32>([1, 2, 3])))
        XCTAssertEqual(filled.value(at: 2), .int(3))

        let day = try frame.column("day").fillingNulls(with: Date(timeIntervalSince1970: 86_400 * 3 + 5))
        XCTAssertEqual(day.value(at: 2), .int(3))
        let price = try frame.column("price").fillingNulls(with: Decimal(string: "7.5")!)
        XCTAssertEqual(price.decimalText(at: 1), "7.50")
        XCTAssertThrowsError(try frame.column("price").fillingNulls(with: Decimal(string: "0.001")!))
        let zones = try Column(["RL", nil, "RM"] as [String?]).categorical()
        XCTAssertEqual(try zones.fillingNulls(withCategory: .string("RM")).value(at: 1), .string("RM"))
        XCTAssertThrowsError(try zones.fillingNulls(withCategory: .string("FV"))) { error in
            XCTAssertTrue("\(error)".contains("not a category"), "\(error)")
        }

        let decoded = try frame.column("zone").decodingCategories()
        XCTAssertEqual(decoded.kind, .string)
        XCTAssertEqual(try decoded.strings().map { $0 }, ["RL", "RM", "RL"])
    }

    func testASeriesRoundTripsWithItsNameAndIndex() async throws {
        let directory = try TemporaryDirectory()
        let index = try DataFrame(columns: [("Id", Column([Int64(10), 20]))])
        let series = try Series(Column([208_500.0, 181_500.0]), name: .string("SalePrice"), index: index)
        try await writeContainer(series.encoded(), to: directory.file("y.dso"))
        let loaded = try Series(decoding: await readContainer(directory.file("y.dso")))
        XCTAssertEqual(loaded.name, .string("SalePrice"))
        XCTAssertEqual(try loaded.values.values(as: Double.self).scalars, [208_500, 181_500])
        XCTAssertEqual(try loaded.index?.values("Id", as: Int64.self).scalars, [10, 20])

        let unnamed = try Series(Column(["a"]))
        let again = try Series(decoding: unnamed.encoded())
        XCTAssertNil(again.name)
        XCTAssertNil(again.index)
        XCTAssertThrowsError(try Series(Column([1.0]), index: index)) { error in
            XCTAssertTrue("\(error)".contains("index"), "\(error)")
        }
    }

    // MARK: Hostile files

    /// A column's member object, as a frame stores it.
    private static func member(_ column: Column) throws -> EncodedObject {
        try XCTUnwrap(DataFrame(columns: [("c", column)]).encoded().members["c"])
    }

    /// Writes `column` as the only member of a frame after `damage`, and returns the error a load gives.
    private func loadError(_ column: Column, _ damage: (inout EncodedObject) -> Void) async throws -> String {
        let directory = try TemporaryDirectory()
        var member = try Self.member(column)
        damage(&member)
        let frame = EncodedObject(typeName: DataFrame.typeName, fields: ["columns": .list([.string("c")]), "row_count": .int(Int64(column.count))], members: ["c": member])
        try await writeContainer(frame, to: directory.file("bad.dso"))
        do {
            _ = try DataFrame(decoding: await readContainer(directory.file("bad.dso")))
            XCTFail("a damaged \(member.typeName) was accepted")
            return ""
        } catch {
            return "\(error)"
        }
    }

    func testHostileTypedColumnsAreRejectedNamingWhatIsWrong() async throws {
        let stamps = try Column(timestamps: Tensor<Int64>([1, 2]), unit: .seconds)
        var message = try await loadError(stamps) { $0.fields["unit"] = .string("minutes") }
        XCTAssertTrue(message.contains("unit") && message.contains("minutes"), message)
        message = try await loadError(stamps) { $0.blobs["data"] = Blob(copying: withUnsafeBytes(of: Int64.min) { Array($0) } + Array(repeating: 0, count: 8)) }
        XCTAssertTrue(message.contains("row 0") && message.contains("-2^63"), message)
        message = try await loadError(stamps) { $0.blobs["data"] = Blob(copying: [UInt8](repeating: 0, count: 12)) }
        XCTAssertTrue(message.contains("12"), message)

        let prices = try Column(decimals: [999, 1], precision: 3, scale: 0)
        message = try await loadError(prices) { $0.fields["precision"] = .int(2) }
        XCTAssertTrue(message.contains("row 0") && message.contains("precision overflow"), message)
        message = try await loadError(prices) { $0.fields["precision"] = .int(39) }
        XCTAssertTrue(message.contains("precision") && message.contains("39"), message)
        message = try await loadError(prices) { $0.fields["scale"] = .int(-40) }
        XCTAssertTrue(message.contains("scale") && message.contains("-40"), message)

        let zones = try Column(["RL", "RM"]).categorical()
        message = try await loadError(zones) { $0.members["codes"]!.blobs["data"] = Tensor<Int32>([0, 2]).blob }
        XCTAssertTrue(message.contains("row 1") && message.contains("code 2") && message.contains("2 categories"), message)
        message = try await loadError(zones) { $0.members["categories"] = try! Self.member(Column(["RL", nil] as [String?])) }
        XCTAssertTrue(message.contains("categories") && message.contains("null"), message)
        message = try await loadError(zones) { $0.members["codes"] = Tensor<Double>([0, 1]).encoded() }
        XCTAssertTrue(message.contains("codes") && message.contains("float64"), message)
        message = try await loadError(zones) { $0.typeName = "datasetsdk.Interval" }
        XCTAssertTrue(message.contains("datasetsdk.Interval") && message.contains("column type"), message)
    }
}
