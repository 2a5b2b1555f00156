// The objects Swift writes for the Python and C interop tests (python/tests): one of every
// built-in type (frame_types: every typed column type; series, series_indexed), with values at the edges of each dtype, nulls, Unicode and empty cases. The
// Python tests hold their own copy of these values (python/tests/samples.py): change both.
import DatasetSDK

enum InteropSamples {
    /// Every sample, by name.
    static func all() throws -> [(String, EncodedObject)] {
        var samples: [(String, EncodedObject)] = [
            ("tensor_bool", try Tensor<Bool>(shape: [2, 3], scalars: [true, false, true, true, false, false]).encoded()),
            ("tensor_int8", try Tensor<Int8>(shape: [2, 3], scalars: [.min, -1, 0, 1, 42, .max]).encoded()),
            ("tensor_int16", try Tensor<Int16>(shape: [2, 3], scalars: [.min, -1, 0, 1, 42, .max]).encoded()),
            ("tensor_int32", try Tensor<Int32>(shape: [2, 3], scalars: [.min, -1, 0, 1, 42, .max]).encoded()),
            ("tensor_int64", try Tensor<Int64>(shape: [2, 3], scalars: [.min, -1, 0, 1, 42, .max]).encoded()),
            ("tensor_uint8", try Tensor<UInt8>(shape: [2, 3], scalars: [0, 1, 2, 42, .max - 1, .max]).encoded()),
            ("tensor_uint16", try Tensor<UInt16>(shape: [2, 3], scalars: [0, 1, 2, 42, .max - 1, .max]).encoded()),
            ("tensor_uint32", try Tensor<UInt32>(shape: [2, 3], scalars: [0, 1, 2, 42, .max - 1, .max]).encoded()),
            ("tensor_uint64", try Tensor<UInt64>(shape: [2, 3], scalars: [0, 1, 2, 42, .max - 1, .max]).encoded()),
            ("tensor_float32", try Tensor<Float>(shape: [2, 3], scalars: [-1.5, 0, 0.001, .nan, .infinity, .greatestFiniteMagnitude]).encoded()),
            ("tensor_float64", try Tensor<Double>(shape: [2, 3], scalars: [-1.5, 0, 0.001, .nan, -.infinity, .greatestFiniteMagnitude]).encoded()),
            ("tensor_scalar", try Tensor<Double>(shape: [], scalars: [3.25]).encoded()),
            ("tensor_empty", try Tensor<Int32>(shape: [0], scalars: []).encoded()),
            ("tensor_3d", try Tensor<Int64>(shape: [2, 3, 4], scalars: (0..<24).map { Int64($0) }).encoded()),
            ("strings", StringArray(strings).encoded()),
            ("frame", try frame().encoded()),
            ("frame_empty", try DataFrame(columns: [("i", Column([Int64]())), ("s", Column([String]()))]).encoded()),
            ("record", record.encoded()),
            ("bytes", Bytes(Blob(copying: (0..<300).map { UInt8($0 % 256) })).encoded()),
            ("codable", try CodableObject(codable).encoded()),
        ]
        samples.append(("codable_single", try CodableObject([1.5, 2.5, -3.0] as [Double]).encoded()))
        samples.append(("frame_types", try typedFrame().encoded()))
        samples.append(("series", try Series(Column([208500.0, 181500.0, 223500.0]), name: .string("SalePrice")).encoded()))
        let index = try DataFrame(columns: [("Id", Column([Int64(10), 20]))])
        samples.append(("series_indexed", try Series(Column(["a", "b"]), name: .int(7), index: index).encoded()))
        return samples
    }

    static let strings = ["", "a", "héllo", "日本語", "emoji 🎉", "line\nbreak"]

    /// Five rows: `c_<dtype>` columns without nulls, `n_<dtype>` columns with nulls at rows 1
    /// and 3, string columns `s` (no nulls) and `sn` (nulls at rows 0 and 4).
    static func frame() throws -> DataFrame {
        var columns: [(String, Column)] = []
        func add<T: TensorElement>(_ name: String, _ values: [T]) {
            columns.append(("c_\(name)", Column(values)))
            columns.append(("n_\(name)", Column(values.enumerated().map { $0.offset == 1 || $0.offset == 3 ? nil : $0.element } as [T?])))
        }
        add("bool", [true, false, true, false, true])
        add("int8", [Int8.min, -1, 0, 1, .max])
        add("int16", [Int16.min, -1, 0, 1, .max])
        add("int32", [Int32.min, -1, 0, 1, .max])
        add("int64", [Int64.min, -1, 0, 1, .max])
        add("uint8", [UInt8(0), 1, 2, 42, .max])
        add("uint16", [UInt16(0), 1, 2, 42, .max])
        add("uint32", [UInt32(0), 1, 2, 42, .max])
        add("uint64", [UInt64(0), 1, 2, 42, .max])
        add("float32", [Float(-1.5), 0, 0.25, 1e30, .infinity])
        add("float64", [-1.5, 0, 0.25, 1e300, -.infinity])
        columns.append(("s", Column(["RL", "RM", "", "héllo", "日本語"])))
        columns.append(("sn", Column([nil, "Pave", "Grvl", "", nil] as [String?])))
        return try DataFrame(columns: columns)
    }

    /// Five rows of the typed column types (docs/format.md section 3), nulls at the rows named.
    /// Null slots hold 0 (not -2^63 or -1): readers must go by the validity bitmap.
    static func typedFrame() throws -> DataFrame {
        func bits(nullAt row: Int) -> ValidityBitmap { ValidityBitmap((0..<5).map { $0 != row }) }
        func counts(_ values: [Int64], nullAt row: Int) -> Tensor<Int64> { Tensor(values.enumerated().map { $0.offset == row ? 0 : $0.element }) }
        return try DataFrame(columns: [
            ("ts_ns", Column(timestamps: counts([0, 1_600_000_000_123_456_789, 0, -1, 86_400_000_000_000], nullAt: 2), unit: .nanoseconds, validity: bits(nullAt: 2))),
            ("ts_utc_ms", Column(timestamps: counts([0, 1_600_000_000_123, 2, 0, -86_400_000], nullAt: 3), unit: .milliseconds, timeZone: "UTC", validity: bits(nullAt: 3))),
            ("ts_paris_s", Column(timestamps: counts([0, 1_600_000_000, 0, 3, 4], nullAt: 2), unit: .seconds, timeZone: "Europe/Paris", validity: bits(nullAt: 2))),
            ("dur_us", Column(durations: counts([0, -1, 86_400_000_000, 0, 5], nullAt: 3), unit: .microseconds, validity: bits(nullAt: 3))),
            ("date", Column(dates: Tensor<Int32>([0, 18_262, -1, 0, 2_932_896]), validity: bits(nullAt: 3))),
            ("dec", Column(decimals: [12345, -1, 0, nil, 9_999_999_999], precision: 10, scale: 2)),
            ("cat", Column(codes: Tensor<Int8>([0, 1, 0, 2, 0]), categories: Column(["RL", "RM", "FV"]), validity: bits(nullAt: 2))),
            ("cat_ord", Column(codes: Tensor<Int16>([2, 1, 0, 0, 2]), categories: Column([Int64(1), 2, 3]), ordered: true, validity: bits(nullAt: 3))),
        ])
    }

    static let record: Record = [
        "flag": .bool(true), "count": .int(-42), "big": .uint(UInt64.max), "ratio": .double(0.125),
        "name": .string("house prices ✓"), "raw": .bytes([0, 1, 254, 255]),
        "list": .list([.int(1), .string("two"), .null, .list([.double(3.5)])]),
        "map": .map(["a": .int(1), "b": .map(["c": .bool(false)])]), "nothing": .null,
    ]

    struct Inner: Codable, Sendable { var label: String; var weights: [Int32] }
    struct Sample: Codable, Sendable {
        var name: String
        var count: Int
        var ratio: Double
        var flags: [Bool]
        var series: [Double]  // 1000 x 8 bytes > 4096: promoted to a Tensor member
        var inner: Inner
        var missing: String?
    }

    static let codable = Sample(
        name: "model", count: 7, ratio: 0.5, flags: [true, false], series: (0..<1000).map { Double($0) / 4 },
        inner: Inner(label: "inner", weights: [1, -2, 3]), missing: nil)
}
