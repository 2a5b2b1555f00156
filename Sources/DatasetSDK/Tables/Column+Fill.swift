// Filling nulls, like pandas' `fillna`: one pass over the column writing straight into the new
// blobs; a column without nulls is returned as is (its blobs shared, nothing copied).

extension Column {
    /// This numeric column with every null replaced by `value`, like pandas' `fillna(value)`.
    /// O(rows): the data blob is copied once and the null slots overwritten; the result has no
    /// validity bitmap. A column without nulls is returned as is.
    ///
    /// ```swift
    /// let area = Column([8450, nil, 9600] as [Int64?]).fillingNulls(with: Int64(0))   // 8450, 0, 9600
    /// ```
    ///
    /// - Throws: ``DataFrameError/wrongKind(column:expected:found:)`` when the column does not
    ///   hold `Element`.
    public func fillingNulls<Element: TensorElement>(with value: Element) throws(DataFrameError) -> Column {
        guard kind == .numeric(Element.dtype) else {
            throw .wrongKind(column: nil, expected: Element.dtype.rawValue, found: kind.description)
        }
        return fillingNulls(withRaw: value)
    }

    /// This fixed-width column with every null slot set to the element `value` (of the
    /// column's byte width) and no validity bitmap; the column itself when it has no nulls.
    func fillingNulls<Element: BitwiseCopyable>(withRaw value: Element) -> Column {
        precondition(kind.byteWidth == MemoryLayout<Element>.size, "a \(MemoryLayout<Element>.size)-byte value for \(kind)")
        guard let validity, validity.nullCount > 0 else { return self }
        return withRows(count: count, data: Self.copy(of: data, settingNullsOf: validity, to: value), validity: nil)
    }

    /// A copy of the fixed-width elements `data` with `value` at the null rows of `validity`.
    static func copy<Element: BitwiseCopyable>(of data: Blob, settingNullsOf validity: ValidityBitmap, to value: Element) -> Blob {
        Blob(byteCount: data.count) { target in
            data.withUnsafeBytes { source in target.copyMemory(from: source) }
            validity.forEachNull { row in target.storeBytes(of: value, toByteOffset: row * MemoryLayout<Element>.size, as: Element.self) }
        }
    }

    /// This string column with every null replaced by `value`, like pandas' `fillna("None")`.
    /// O(rows + bytes): new offsets and bytes are written in one pass, the strings between two
    /// nulls with one copy; the result has no validity bitmap. A column without nulls is
    /// returned as is.
    ///
    /// - Throws: ``DataFrameError/wrongKind(column:expected:found:)`` for a numeric column.
    public func fillingNulls(with value: String) throws(DataFrameError) -> Column {
        guard kind == .string, let offsets else { throw .wrongKind(column: nil, expected: "string", found: kind.description) }
        guard let validity, validity.nullCount > 0 else { return self }
        var fill = Array(value.utf8)
        let nulls = validity.nullCount
        return offsets.withUnsafeBytes { sourceOffsets in
            var validBytes = 0
            validity.forEachRun { start, end, isValid in
                if isValid { validBytes += StringArray.offset(end, in: sourceOffsets) - StringArray.offset(start, in: sourceOffsets) }
            }
            let byteCount = validBytes + nulls * fill.count
            var newOffsets = Blob.empty
            let newBytes = Blob(byteCount: byteCount) { target in
                newOffsets = Blob(byteCount: (count + 1) * 8) { targetOffsets in
                    data.withUnsafeBytes { source in
                        fill.withUnsafeMutableBytes { fillBytes in
                            let out = targetOffsets.bindMemory(to: Int64.self)
                            out[0] = 0
                            var written = 0
                            validity.forEachRun { start, end, isValid in
                                if isValid {
                                    let lower = StringArray.offset(start, in: sourceOffsets)
                                    let length = StringArray.offset(end, in: sourceOffsets) - lower
                                    if length > 0 {
                                        (target.baseAddress! + written).copyMemory(from: source.baseAddress! + lower, byteCount: length)
                                    }
                                    for row in start..<end {
                                        out[row + 1] = Int64(written + StringArray.offset(row + 1, in: sourceOffsets) - lower).littleEndian
                                    }
                                    written += length
                                } else {
                                    for row in start..<end {
                                        if !fillBytes.isEmpty {
                                            (target.baseAddress! + written).copyMemory(from: fillBytes.baseAddress!, byteCount: fillBytes.count)
                                        }
                                        written += fillBytes.count
                                        out[row + 1] = Int64(written).littleEndian
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return Column(kind: .string, count: count, data: newBytes, offsets: newOffsets, validity: nil)
        }
    }

    /// This column with its nulls replaced row by row from `replacement` (same kind, categories
    /// and row count), like pandas' `fillna(other_series)`. Rows that are null in both stay
    /// null. O(rows), for every fixed-width kind. A column without nulls is returned as is.
    ///
    /// - Throws: ``DataFrameError/wrongKind(column:expected:found:)`` when the kinds or
    ///   categories differ or the column holds strings, ``DataFrameError/lengthMismatch(column:expected:found:)``
    ///   when the row counts differ.
    public func fillingNulls(from replacement: Column) throws(DataFrameError) -> Column {
        guard let width = kind.byteWidth else { throw .wrongKind(column: nil, expected: "a fixed-width column", found: kind.description) }
        guard replacement.kind == kind else { throw .wrongKind(column: "replacement", expected: kind.description, found: replacement.kind.description) }
        guard replacement.count == count else { throw .lengthMismatch(column: "replacement", expected: count, found: replacement.count) }
        if let categories, !replacement.categories!.hasSameValues(as: categories) {
            throw .wrongKind(column: "replacement", expected: "the same categories", found: "other categories")
        }
        guard let validity, validity.nullCount > 0 else { return self }
        var stillNull: [Int] = []
        let filled = Blob(byteCount: count * width) { target in
            data.withUnsafeBytes { source in
                if count > 0 { target.baseAddress!.copyMemory(from: source.baseAddress!, byteCount: count * width) }
            }
            replacement.data.withUnsafeBytes { source in
                validity.forEachNull { row in
                    if replacement.isNull(row) { stillNull.append(row) }
                    (target.baseAddress! + row * width).copyMemory(from: source.baseAddress! + row * width, byteCount: width)
                }
            }
        }
        guard !stillNull.isEmpty else { return withRows(count: count, data: filled, validity: nil) }
        let bits = Blob(byteCount: (count + 7) / 8) { target in
            target.initializeMemory(as: UInt8.self, repeating: 0xFF)
            if count % 8 != 0 { target[count / 8] = UInt8((1 << (count % 8)) - 1) }
            for row in stillNull { target[row >> 3] &= ~(UInt8(1) << UInt8(row & 7)) }
        }
        return withRows(count: count, data: filled, validity: ValidityBitmap(exactBlob: bits, count: count))
    }
}

extension ValidityBitmap {
    /// Calls `body` with every null row, in order. Skips fully valid bytes 8 rows at a time.
    func forEachNull(_ body: (Int) -> Void) {
        blob.withUnsafeBytes { bits in
            var byte = 0
            while byte * 8 < count {
                let value = bits[byte]
                if value != 0xFF {
                    for bit in 0..<8 where value & (UInt8(1) << UInt8(bit)) == 0 {
                        let row = byte * 8 + bit
                        if row < count { body(row) }
                    }
                }
                byte += 1
            }
        }
    }

    /// Calls `body(start, end, isValid)` for every maximal run of rows that are all valid or all
    /// null, in order.
    func forEachRun(_ body: (Int, Int, Bool) -> Void) {
        guard count > 0 else { return }
        blob.withUnsafeBytes { bits in
            var start = 0
            var current = bits[0] & 1 == 1
            var row = 1
            while row < count {
                let byte = bits[row >> 3]
                // Whole bytes that continue the current run.
                if row & 7 == 0, (current && byte == 0xFF) || (!current && byte == 0), row + 8 <= count {
                    row += 8
                    continue
                }
                let valid = (byte >> UInt8(row & 7)) & 1 == 1
                if valid != current {
                    body(start, row, current)
                    start = row
                    current = valid
                }
                row += 1
            }
            body(start, count, current)
        }
    }
}
