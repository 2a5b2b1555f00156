/// Builds one column while the reader goes through the input block by block, inferring its
/// type as pandas does.
///
/// A column starts all-null and becomes `int64` at its first integer, `float64` at its first
/// other number (integers read so far are converted), and string at its first field that is no
/// number: ``consume(_:column:scanner:nulls:)`` then returns false and the reader
/// restarts the column with ``restartAsStrings()`` and feeds it every block again, because the
/// strings must be the original field texts. An `int64` column with nulls ends as `float64`
/// (as in pandas, where NaN needs a float); a column of nulls only ends as `float64`; a column
/// without rows ends as strings (pandas' `object`).
struct CSVColumnBuilder {
    enum State { case allNull, int64, float64, string }

    /// The type inferred so far.
    private(set) var state = State.allNull
    /// Rows consumed.
    private(set) var count = 0
    /// 8 bytes per row: `Int64` or `Double` values (zero for nulls), or for strings `count + 1`
    /// `Int64` offsets into `bytes`.
    private let values = CSVGrowableBuffer(capacity: 1024)
    /// The UTF-8 bytes of a string column.
    private let bytes = CSVGrowableBuffer()
    private var nulls = CSVNullMask()
    /// Where fields that need unquoting are unquoted.
    private let scratch = CSVGrowableBuffer()

    /// Appends column `column` of every row of `block`.
    ///
    /// - Returns: false when the column is numeric so far and a field is no number; the column
    ///   is then in an unspecified state until ``restartAsStrings()``.
    mutating func consume(_ block: CSVFieldBlock, column: Int, scanner: CSVScanner, nulls matcher: CSVNullMatcher) -> Bool {
        let rows = block.rowCount
        let starts = block.starts + column * block.capacity
        let ends = block.ends + column * block.capacity
        let input = scanner.base
        let inputEnd = UnsafeRawPointer(input + scanner.count)
        values.reserve((count + rows + 1) * 8)
        let slots = values.base
        var row = count
        defer {
            count = row
            values.count = (state == .string ? row + 1 : row) * 8
        }
        for index in 0..<rows {
            let start = starts[index]
            let end = ends[index]
            let text: UnsafePointer<UInt8>
            let length: Int
            // How far bytes may be read past the field: to the end of the input, or not at all
            // for an unquoted copy.
            let readable: UnsafeRawPointer
            if start >= 0 {
                text = input + start
                length = end - start
                readable = inputEnd
            } else {
                let unquoted = scanner.unquote(start, end, into: scratch)
                text = unquoted.baseAddress!.assumingMemoryBound(to: UInt8.self)
                length = unquoted.count
                readable = UnsafeRawPointer(text + length)
            }
            if matcher.matches(text, length) {
                nulls.appendNull(row: row)
                if state == .string {
                    (slots + (row + 1) * 8).storeBytes(of: Int64(bytes.count), as: Int64.self)
                } else {
                    (slots + row * 8).storeBytes(of: 0, as: Int64.self)
                }
                row += 1
                continue
            }
            nulls.appendValid(row: row)
            switch state {
            case .int64:
                if let value = CSVNumberParser.int64(text, length) {
                    (slots + row * 8).storeBytes(of: value, as: Int64.self)
                } else if let value = CSVNumberParser.double(text, length) {
                    convertToDoubles(rows: row)
                    state = .float64
                    (slots + row * 8).storeBytes(of: value, as: Double.self)
                } else {
                    return false
                }
            case .float64:
                guard let value = CSVNumberParser.double(text, length) else { return false }
                (slots + row * 8).storeBytes(of: value, as: Double.self)
            case .string:
                bytes.append(text, length: length, readable: readable)
                (slots + (row + 1) * 8).storeBytes(of: Int64(bytes.count), as: Int64.self)
            case .allNull:
                // Earlier rows are nulls stored as 0, which is also 0.0.
                if let value = CSVNumberParser.int64(text, length) {
                    state = .int64
                    (slots + row * 8).storeBytes(of: value, as: Int64.self)
                } else if let value = CSVNumberParser.double(text, length) {
                    state = .float64
                    (slots + row * 8).storeBytes(of: value, as: Double.self)
                } else {
                    return false
                }
            }
            row += 1
        }
        return true
    }

    /// Forgets every row and makes the column a string column, to be fed from its first row.
    mutating func restartAsStrings() {
        state = .string
        count = 0
        nulls.removeAll()
        bytes.removeAll()
        values.removeAll()
        values.append(Int64(0))
    }

    /// Makes room for `rows` rows in total, extrapolating string bytes from the rows so far.
    mutating func reserve(rows: Int) {
        values.reserve((rows + 1) * 8)
        nulls.reserve(rows: rows)
        if state == .string && count > 0 {
            bytes.reserve(Int(Double(bytes.count) / Double(count) * Double(rows) * 1.05))
        }
    }

    /// The finished column; the builder is left empty.
    mutating func finish() -> Column {
        if state == .allNull && count == 0 { restartAsStrings() }
        let validity = nulls.bitmap(count: count)
        switch state {
        case .string:
            return Column(kind: .string, count: count, data: bytes.takeBlob(), offsets: values.takeBlob(), validity: validity)
        case .int64 where validity == nil:
            return Column(kind: .numeric(.int64), count: count, data: values.takeBlob(), offsets: nil, validity: nil)
        case .int64, .float64, .allNull:
            if state == .int64 { convertToDoubles(rows: count) }
            return Column(kind: .numeric(.float64), count: count, data: values.takeBlob(), offsets: nil, validity: validity)
        }
    }

    /// Rewrites the first `rows` values from `Int64` to `Double` in place.
    private func convertToDoubles(rows: Int) {
        let slots = values.base
        for row in 0..<rows {
            let value = (slots + row * 8).load(as: Int64.self)
            (slots + row * 8).storeBytes(of: Double(value), as: Double.self)
        }
    }
}
