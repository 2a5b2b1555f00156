import DatasetSDK

/// Draws a column of random values, null with a given share, straight into the column's blobs
/// (one pass per column, no `String` per cell).
struct ColumnGenerator: Sendable {
    enum Values: Sendable {
        case int64(ClosedRange<Int64>)
        case float64(ClosedRange<Int64>)
        case strings([[UInt8]])
    }

    let values: Values
    let nullShare: Double

    /// `count` values from stream `stream` of `seed`.
    func generate(count: Int, seed: UInt64, stream: UInt64) -> Column {
        var random = SeededRandom(seed: seed, stream: stream)
        var valid = [Bool](repeating: true, count: count)
        let validity: () -> ValidityBitmap? = { valid.contains(false) ? ValidityBitmap(valid) : nil }
        switch values {
        case let .int64(range):
            let tensor = try! Tensor<Int64>(shape: [count]) { out in
                for row in 0..<count {
                    if random.chance(nullShare) { valid[row] = false; out[row] = 0 } else { out[row] = random.integer(in: range) }
                }
            }
            return try! Column(tensor, validity: validity())
        case let .float64(range):
            let tensor = try! Tensor<Double>(shape: [count]) { out in
                for row in 0..<count {
                    if random.chance(nullShare) { valid[row] = false; out[row] = 0 } else { out[row] = Double(random.integer(in: range)) }
                }
            }
            return try! Column(tensor, validity: validity())
        case let .strings(categories):
            precondition(!categories.isEmpty, "a string column needs at least one category")
            let last = Int64(categories.count - 1)
            var codes = [Int32](repeating: -1, count: count)
            var byteCount = 0
            for row in 0..<count {
                if random.chance(nullShare) { valid[row] = false; continue }
                let code = Int(random.integer(in: 0...last))
                codes[row] = Int32(code)
                byteCount += categories[code].count
            }
            return try! Column(Self.strings(codes: codes, categories: categories, byteCount: byteCount), validity: validity())
        }
    }

    /// Offsets and bytes for `codes` (-1: an empty string for a null row).
    static func strings(codes: [Int32], categories: [[UInt8]], byteCount: Int) -> StringArray {
        var offsets = Blob.empty
        let bytes = Blob(byteCount: byteCount) { target in
            offsets = Blob(byteCount: (codes.count + 1) * 8) { offsetBytes in
                let out = offsetBytes.bindMemory(to: Int64.self)
                out[0] = 0
                var written = 0
                for (row, code) in codes.enumerated() {
                    if code >= 0 {
                        categories[Int(code)].withUnsafeBytes { value in
                            if !value.isEmpty { (target.baseAddress! + written).copyMemory(from: value.baseAddress!, byteCount: value.count) }
                            written += value.count
                        }
                    }
                    out[row + 1] = Int64(written).littleEndian
                }
            }
        }
        return try! StringArray(offsets: offsets, bytes: bytes)
    }
}
