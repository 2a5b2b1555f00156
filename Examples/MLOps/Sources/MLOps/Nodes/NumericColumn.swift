import DatasetSDK

/// Statistics over typed column buffers, skipping nulls: ranges, most frequent values, medians.
enum NumericColumn {
    /// The smallest and largest non-null value, or nil when every row is null.
    static func range(of values: Tensor<Int64>, validity: ValidityBitmap?) -> ClosedRange<Int64>? {
        var lowest = Int64.max
        var highest = Int64.min
        values.withUnsafeBufferPointer { buffer in
            for row in buffer.indices where validity.map({ $0.isValid(row) }) ?? true {
                lowest = min(lowest, buffer[row])
                highest = max(highest, buffer[row])
            }
        }
        return lowest <= highest ? lowest...highest : nil
    }

    /// The most frequent non-null value, the smallest among ties (scikit-learn's
    /// `SimpleImputer(strategy="most_frequent")`), or nil when every row is null. O(n log n):
    /// sorts a copy of the present values and counts runs.
    static func mostFrequent<Element: TensorElement & Comparable>(_ column: Column, as type: Element.Type) throws -> Element? {
        let values = try column.values(as: type)
        var present: [Element] = []
        present.reserveCapacity(column.count - column.nullCount)
        values.withUnsafeBufferPointer { buffer in
            if column.validity == nil {
                present.append(contentsOf: buffer)
            } else {
                for row in buffer.indices where !column.isNull(row) { present.append(buffer[row]) }
            }
        }
        present.sort()
        var best: Element?
        var bestCount = 0
        var index = 0
        while index < present.count {
            var end = index + 1
            while end < present.count, present[end] == present[index] { end += 1 }
            if end - index > bestCount { best = present[index]; bestCount = end - index }
            index = end
        }
        return best
    }

    /// The median of `values` (the mean of the two middle values for an even count, as pandas),
    /// which it sorts in place; nil for none.
    static func median(sorting values: inout [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        values.sort()
        let middle = values.count / 2
        return values.count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
    }
}

extension Column {
    /// The most frequent non-null string, the smallest (by UTF-8 bytes, as Python compares
    /// `str`) among ties; nil when every row is null. O(rows) through dictionary codes.
    func mostFrequentString() throws -> String? {
        let encoded = try dictionaryEncoded()
        var counts = [Int](repeating: 0, count: encoded.categories.count)
        for code in encoded.codes where code >= 0 { counts[Int(code)] += 1 }
        var best: Int?
        for index in counts.indices where counts[index] > 0 {
            guard let current = best else { best = index; continue }
            if counts[index] > counts[current] { best = index; continue }
            if counts[index] == counts[current] {
                let smaller = encoded.categories.withUTF8(at: index) { a in
                    encoded.categories.withUTF8(at: current) { b in a.lexicographicallyPrecedes(b) }
                }
                if smaller { best = index }
            }
        }
        return best.map { encoded.categories[$0] }
    }
}
