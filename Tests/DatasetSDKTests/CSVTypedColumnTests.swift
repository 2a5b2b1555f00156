import Foundation
import XCTest

@testable import DatasetSDK

/// CSV text of the typed column types, checked against what pandas 3.1's `to_csv` wrote for the
/// same values, and `parse_dates` as pandas' `read_csv` applies it.
final class CSVTypedColumnTests: XCTestCase {
    private func csv(_ frame: DataFrame) async throws -> String {
        var bytes: [UInt8] = []
        try await CSVWriter.write(frame, options: CSVOptions()) { bytes += $0.bytes }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func read(_ text: String, parseDates: [String]) throws -> DataFrame {
        var options = CSVOptions()
        options.dateColumns = parseDates
        return try Array(text.utf8).withUnsafeBytes { try CSVReader.read($0, source: "dates.csv", options: options) }
    }

    func testTypedColumnsAreWrittenAsPandasWritesThem() async throws {
        func counts(_ values: [Int64?]) -> (Tensor<Int64>, ValidityBitmap?) {
            (Tensor(values.map { $0 ?? 0 }), values.contains(nil) ? ValidityBitmap(values.map { $0 != nil }) : nil)
        }
        func stamps(_ values: [Int64?], _ unit: Column.TimeUnit, _ zone: String? = nil) throws -> Column {
            let (tensor, validity) = counts(values)
            return try Column(timestamps: tensor, unit: unit, timeZone: zone, validity: validity)
        }
        func durations(_ values: [Int64?], _ unit: Column.TimeUnit) throws -> Column {
            let (tensor, validity) = counts(values)
            return try Column(durations: tensor, unit: unit, validity: validity)
        }
        let frame = try DataFrame(columns: [
            ("ts_ns", stamps([0, 1_600_000_000_123_456_789, nil, -1, 86_400_000_000_000], .nanoseconds)),
            ("ts_s_mid", stamps([0, 86_400, nil, nil, nil], .seconds)),
            ("ts_ms", stamps([0, 1_600_000_000_123, 2, nil, -86_400_000], .milliseconds, "UTC")),
            ("paris", stamps([0, 1_600_000_000, nil, 3, 4], .seconds, "Europe/Paris")),
            ("dur", durations([0, -1, 86_400_000_000, nil, 5], .microseconds)),
            ("dur_s", durations([0, 90, 86_400 * 3, nil, -5], .seconds)),
            ("date", Column(dates: Tensor<Int32>([0, 18_262, -1, 0, 2_932_896]), validity: ValidityBitmap([true, true, true, false, true]))),
            ("dec", Column(decimals: [12345, -1, 0, nil, 9_999_999_999], precision: 10, scale: 2)),
            ("cat", Column(["RL", "RM", nil, "FV", "RL"] as [String?]).categorical()),
            ("catint", Column(codes: Tensor<Int8>([2, 1, 0, -1, 2]), categories: Column([Int64(1), 2, 3]), ordered: true,
                              validity: ValidityBitmap([true, true, true, false, true]))),
            ("catf", Column(codes: Tensor<Int8>([0, 1, -1, -1, 0]), categories: Column([1.5, 2.0]), validity: ValidityBitmap([true, true, false, false, true]))),
        ])
        // pandas 3.1.2: DataFrame of the same values (datetime64 / timedelta64 in each unit,
        // ArrowDtype date32 and decimal128(10, 2), categoricals) .to_csv(index=False).
        let pandas = """
            ts_ns,ts_s_mid,ts_ms,paris,dur,dur_s,date,dec,cat,catint,catf
            1970-01-01 00:00:00.000000000,1970-01-01,1970-01-01 00:00:00.000+00:00,1970-01-01 01:00:00+01:00,0 days 00:00:00.000000,0 days 00:00:00,1970-01-01,123.45,RL,3,1.5
            2020-09-13 12:26:40.123456789,1970-01-02,2020-09-13 12:26:40.123+00:00,2020-09-13 14:26:40+02:00,-1 days +23:59:59.999999,0 days 00:01:30,2020-01-01,-0.01,RM,2,2.0
            ,,1970-01-01 00:00:00.002+00:00,,1 days 00:00:00.000000,3 days 00:00:00,1969-12-31,0.00,,1,
            1969-12-31 23:59:59.999999999,,,1970-01-01 01:00:03+01:00,,,,,FV,,
            1970-01-02 00:00:00.000000000,,1969-12-31 00:00:00.000+00:00,1970-01-01 01:00:04+01:00,0 days 00:00:00.000005,-1 days +23:59:55,9999-12-31,99999999.99,RL,3,1.5

            """
        let written = try await csv(frame)
        XCTAssertEqual(written.split(separator: "\n", omittingEmptySubsequences: false), pandas.split(separator: "\n", omittingEmptySubsequences: false))
    }

    func testWholeDayDurationsAndMillisecondsAreWrittenAsPandasWritesThem() async throws {
        let frame = try DataFrame(columns: [
            ("dms", Column(durations: Tensor<Int64>([0, 1500, -1]), unit: .milliseconds)),
            ("dns", Column(durations: Tensor<Int64>([0, 1, -86_400_000_000_000 * 2 - 1]), unit: .nanoseconds)),
            ("ds_days", Column(durations: Tensor<Int64>([0, 86_400, -86_400]), unit: .seconds)),
            ("old", Column(timestamps: Tensor<Int64>([-100_000_000_000, 253_402_300_799, 0]), unit: .seconds)),
        ])
        let pandas = """
            dms,dns,ds_days,old
            0 days 00:00:00.000000,0 days 00:00:00.000000000,0 days,-1199-02-15 14:13:20
            0 days 00:00:01.500000,0 days 00:00:00.000000001,1 days,9999-12-31 23:59:59
            -1 days +23:59:59.999000,-3 days +23:59:59.999999999,-1 days,1970-01-01 00:00:00

            """
        let written = try await csv(frame)
        XCTAssertEqual(written, pandas)
    }

    func testParseDatesReadsTheNamedColumnsAsPandasDoesAndNothingElse() throws {
        let frame = try read("""
            d,t,ns,z,mixed,plain
            2020-01-01,2020-01-01 10:00:00.5,2020-01-01 10:00:00.123456789,2020-01-01T10:00:00+01:00,2020-01-01 10:00:00,2020-01-01
            2020-01-02,,2020-01-01 10:00:00.1,2020-01-02T10:00:00+01:00,2020-01-02 00:00:00.5,2020-01-02

            """, parseDates: ["d", "t", "ns", "z", "mixed"])
        XCTAssertEqual(try frame.column("d").kind, .timestamp(.microseconds, timeZone: nil))
        XCTAssertEqual(try frame.column("d").value(at: 1), .int(1_577_923_200_000_000))
        XCTAssertEqual(try frame.column("t").value(at: 0), .int(1_577_872_800_500_000))
        XCTAssertEqual(try frame.column("t").nullCount, 1)
        XCTAssertEqual(try frame.column("ns").kind, .timestamp(.nanoseconds, timeZone: nil))
        XCTAssertEqual(try frame.column("ns").value(at: 1), .int(1_577_872_800_100_000_000))
        XCTAssertEqual(try frame.column("z").kind, .timestamp(.microseconds, timeZone: "+01:00"))
        XCTAssertEqual(try frame.column("z").value(at: 0), .int(1_577_869_200_000_000))  // 09:00 UTC
        XCTAssertEqual(try frame.column("mixed").kind, .string, "a value without the first one's format leaves the column text")
        XCTAssertEqual(try frame.column("plain").kind, .string, "no inference without parse_dates")

        XCTAssertThrowsError(try read("a\n1\n", parseDates: ["when"])) { error in
            XCTAssertTrue("\(error)".contains("parse_dates") && "\(error)".contains("'when'"), "\(error)")
        }
        XCTAssertThrowsError(try CSVOptions(loadArguments: ["parse_dates": .string("d")])) { error in
            XCTAssertTrue("\(error)".contains("load_args.parse_dates"), "\(error)")
        }
    }

    func testTimestampsWrittenAndReadBackWithParseDatesKeepTheirValues() async throws {
        let original = try DataFrame(columns: [("when", Column(timestamps: Tensor<Int64>([0, 1_600_000_000_123_456_789, -1]), unit: .nanoseconds))])
        let text = try await csv(original)
        let loaded = try read(text, parseDates: ["when"])
        XCTAssertEqual((0..<3).map { try! loaded.column("when").value(at: $0) }, [.int(0), .int(1_600_000_000_123_456_789), .int(-1)])
    }
}
