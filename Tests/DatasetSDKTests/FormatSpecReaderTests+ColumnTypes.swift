import DatasetSDK
import Foundation
import XCTest

/// The typed column types and `datasetsdk.Series`, read by the reader written from docs/format.md
/// alone (Tests/Interop/dso_reader.py), and the hostile files both readers refuse.
extension FormatSpecReaderTests {
    func testPythonReaderWrittenFromTheSpecReadsTheTypedColumnTypesAndSeries() async throws {
        try requirePython()
        let directory = try TemporaryDirectory()
        let present = ValidityBitmap([true, false, true])
        let frame = try DataFrame(columns: [
            ("ts", Column(timestamps: Tensor<Int64>([1_600_000_000_123, 0, -1]), unit: .milliseconds, timeZone: "Europe/Paris", validity: present)),
            ("dur", Column(durations: Tensor<Int64>([-5, 0, 86_400]), unit: .seconds, validity: present)),
            ("day", Column(dates: Tensor<Int32>([18_262, 0, -1]), validity: present)),
            ("price", Column(decimals: [12345, nil, -1], precision: 7, scale: 2)),
            ("zone", Column(codes: Tensor<Int16>([1, -1, 0]), categories: Column(["RL", "RM"]), ordered: true, validity: present)),
        ])
        let json = try await writeAndRead(frame.encoded(), directory.file("typed.dso"))
        let value = try XCTUnwrap(json["value"] as? [String: Any])
        let data = try XCTUnwrap(value["data"] as? [String: [Any]])
        XCTAssertEqual(data["ts"]?.map { $0 as? Int }, [1_600_000_000_123, nil, -1])
        XCTAssertEqual(data["dur"]?.map { $0 as? Int }, [-5, nil, 86_400])
        XCTAssertEqual(data["day"]?.map { $0 as? Int }, [18_262, nil, -1])
        XCTAssertEqual(data["price"]?.map { $0 as? String }, ["123.45", nil, "-0.01"])
        XCTAssertEqual(data["zone"]?.map { $0 as? String }, ["RM", nil, "RL"])

        let series = try Series(Column([1.5, 2.5]), name: .string("SalePrice"), index: DataFrame(columns: [("Id", Column([Int64(1), 2]))]))
        let seriesJSON = try await writeAndRead(series.encoded(), directory.file("y.dso"))
        let seriesValue = try XCTUnwrap(seriesJSON["value"] as? [String: Any])
        XCTAssertEqual(seriesValue["name"] as? String, "SalePrice")
        XCTAssertEqual((seriesValue["values"] as? [Any])?.map { $0 as? Double }, [1.5, 2.5])
        XCTAssertEqual(((seriesValue["index"] as? [String: Any])?["data"] as? [String: [Any]])?["Id"]?.map { $0 as? Int }, [1, 2])
    }

    func testBothReadersRefuseTypedColumnsThatBreakACheckedRule() async throws {
        try requirePython()
        let directory = try TemporaryDirectory()
        func frame(_ member: EncodedObject) -> EncodedObject {
            EncodedObject(typeName: DataFrame.typeName, fields: ["columns": .list([.string("c")]), "row_count": .int(2)], members: ["c": member])
        }
        func member(_ column: Column) throws -> EncodedObject { try XCTUnwrap(DataFrame(columns: [("c", column)]).encoded().members["c"]) }
        var badUnit = try member(Column(timestamps: Tensor<Int64>([1, 2]), unit: .seconds))
        badUnit.fields["unit"] = .string("h")
        var notATime = try member(Column(durations: Tensor<Int64>([1, 2]), unit: .seconds))
        notATime.blobs["data"] = Tensor<Int64>([1, .min]).blob
        var overflow = try member(Column(decimals: [99, 1], precision: 2, scale: 0))
        overflow.fields["precision"] = .int(1)
        var badCode = try member(Column(["a", "b"]).categorical())
        badCode.members["codes"]!.blobs["data"] = Tensor<Int32>([0, 2]).blob
        let cases: [(String, EncodedObject, String)] = [
            ("unit", badUnit, "unit"), ("nat", notATime, "row 1"), ("overflow", overflow, "row 0"), ("code", badCode, "row 1"),
        ]
        for (name, bad, expected) in cases {
            let path = directory.file("\(name).dso")
            try await writeContainer(frame(bad), to: path)
            let result = try runReader(path)
            XCTAssertEqual(result.status, 2, "\(name): the spec reader accepted it: \(result.output)")
            XCTAssertTrue(result.errorOutput.contains(expected), "\(name): \(result.errorOutput)")
            do {
                _ = try DataFrame(decoding: await readContainer(path))
                XCTFail("\(name): Swift accepted it")
            } catch {
                XCTAssertTrue("\(error)".contains(expected), "\(name): \(error)")
            }
        }
    }
}
