import DatasetSDK

/// Draws a column of random values, null with a given share, straight into the column's blobs
/// (one pass per column, no `String` per cell).
///
/// A generator can keep only some of the rows it draws and write them after the rows of a
/// prefix column: the augmented, filtered column is then written once, instead of generated,
/// concatenated and filtered. The values drawn do not depend on which rows are kept.
struct ColumnGenerator: Sendable {
    enum Values: Sendable {
        case int64(ClosedRange<Int64>)
        case float64(ClosedRange<Int64>)
        case strings([[UInt8]])
    }

    let values: Values
    let nullShare: Double

    /// `count` values from stream `stream` of `seed`, keeping the rows where `keep` is true (all
    /// when nil), after the rows of `prefix` (which must have this generator's kind).
    func generate(count: Int, seed: UInt64, stream: UInt64, keeping keep: [Bool]? = nil, after prefix: Column? = nil) -> Column {
        precondition(keep == nil || keep!.count == count, "the mask must have one entry per drawn row")
        var random = SeededRandom(seed: seed, stream: stream)
        let prefixCount = prefix?.count ?? 0
        let kept = keep.map { $0.reduce(0) { $1 ? $0 + 1 : $0 } } ?? count
        let total = prefixCount + kept
        var valid = [Bool](repeating: true, count: total)
        if let prefix, prefix.nullCount > 0 { for row in 0..<prefixCount where prefix.isNull(row) { valid[row] = false } }
        switch values {
        case let .int64(range):
            let tensor = try! Tensor<Int64>(shape: [total]) { out in
                Self.copyPrefix(prefix, as: Int64.self, into: out)
                var written = prefixCount
                for row in 0..<count {
                    let isNull = random.chance(nullShare)
                    let value = isNull ? 0 : random.integer(in: range)
                    if keep?[row] ?? true { out[written] = value; valid[written] = !isNull; written += 1 }
                }
            }
            return try! Column(tensor, validity: valid.contains(false) ? ValidityBitmap(valid) : nil)
        case let .float64(range):
            let tensor = try! Tensor<Double>(shape: [total]) { out in
                Self.copyPrefix(prefix, as: Double.self, into: out)
                var written = prefixCount
                for row in 0..<count {
                    let isNull = random.chance(nullShare)
                    let value = isNull ? 0 : Double(random.integer(in: range))
                    if keep?[row] ?? true { out[written] = value; valid[written] = !isNull; written += 1 }
                }
            }
            return try! Column(tensor, validity: valid.contains(false) ? ValidityBitmap(valid) : nil)
        case let .strings(categories):
            precondition(!categories.isEmpty, "a string column needs at least one category")
            let last = Int64(categories.count - 1)
            var codes = [Int32](repeating: -1, count: kept)
            var byteCount = 0
            var written = 0
            for row in 0..<count {
                let isNull = random.chance(nullShare)
                let code = isNull ? -1 : Int32(random.integer(in: 0...last))
                guard keep?[row] ?? true else { continue }
                codes[written] = code
                if isNull { valid[prefixCount + written] = false } else { byteCount += categories[Int(code)].count }
                written += 1
            }
            let prefixStrings = prefix.map { try! $0.strings() }
            let strings = Self.strings(codes: codes, categories: categories, byteCount: byteCount, after: prefixStrings)
            return try! Column(strings, validity: valid.contains(false) ? ValidityBitmap(valid) : nil)
        }
    }

    private static func copyPrefix<Element: TensorElement>(_ prefix: Column?, as type: Element.Type, into out: UnsafeMutableBufferPointer<Element>) {
        guard let prefix, prefix.count > 0 else { return }
        try! prefix.values(as: type).withUnsafeBufferPointer { source in
            _ = UnsafeMutableBufferPointer(rebasing: out[0..<source.count]).initialize(from: source)
        }
    }

    /// Offsets and bytes for the strings of `prefix` followed by `codes` (-1: an empty string for
    /// a null row); `byteCount` is the generated strings' total length.
    static func strings(codes: [Int32], categories: [[UInt8]], byteCount: Int, after prefix: StringArray? = nil) -> StringArray {
        let prefixCount = prefix?.count ?? 0
        let (prefixStart, prefixEnd) = prefix.map { prefix in
            prefix.offsets.withUnsafeBytes { raw in
                (Int(raw.loadUnaligned(fromByteOffset: 0, as: Int64.self)), Int(raw.loadUnaligned(fromByteOffset: prefix.count * 8, as: Int64.self)))
            }
        } ?? (0, 0)
        var offsets = Blob.empty
        let bytes = Blob(byteCount: prefixEnd - prefixStart + byteCount) { target in
            offsets = Blob(byteCount: (prefixCount + codes.count + 1) * 8) { offsetBytes in
                let out = offsetBytes.bindMemory(to: Int64.self)
                out[0] = 0
                var written = 0
                if let prefix, prefixCount > 0 {
                    prefix.offsets.withUnsafeBytes { raw in
                        for row in 1...prefixCount { out[row] = Int64(Int(raw.loadUnaligned(fromByteOffset: row * 8, as: Int64.self)) - prefixStart).littleEndian }
                    }
                    prefix.bytes.withUnsafeBytes { raw in
                        if prefixEnd > prefixStart { target.baseAddress!.copyMemory(from: raw.baseAddress! + prefixStart, byteCount: prefixEnd - prefixStart) }
                    }
                    written = prefixEnd - prefixStart
                }
                for (index, code) in codes.enumerated() {
                    if code >= 0 {
                        categories[Int(code)].withUnsafeBytes { value in
                            if !value.isEmpty { (target.baseAddress! + written).copyMemory(from: value.baseAddress!, byteCount: value.count) }
                            written += value.count
                        }
                    }
                    out[prefixCount + index + 1] = Int64(written).littleEndian
                }
            }
        }
        return try! StringArray(offsets: offsets, bytes: bytes)
    }
}
