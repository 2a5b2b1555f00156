// Row operations on columns: keeping the rows a mask selects, and joining columns end to end.
// Each writes its result straight into the final blobs (`Blob(byteCount:initializingWith:)`);
// no bulk data passes through intermediate arrays.

extension Column {
    /// The rows where `mask` is true, in order. O(rows): the kept rows' bytes are copied into new
    /// blobs (element by element for numbers, run by run for string bytes).
    ///
    /// When every row is kept, the column's blobs are shared instead. The validity bitmap is
    /// filtered too and dropped (`nil`) when no kept row is null.
    ///
    /// - Precondition: `mask.count == count`.
    func filtered(by mask: UnsafeBufferPointer<Bool>) -> Column {
        precondition(mask.count == count, "mask has \(mask.count) entries for \(count) rows")
        var kept = 0
        for keep in mask where keep { kept += 1 }
        if kept == count { return withoutAllValidBitmap() }

        let validity = Self.filteredValidity(validity, by: mask, keeping: kept)
        if let width = kind.byteWidth {
            let filtered = Blob(byteCount: kept * width) { target in
                data.withUnsafeBytes { source in
                    switch width {
                    case 1: Self.copyRows(UInt8.self, from: source, to: target, keeping: mask)
                    case 2: Self.copyRows(UInt16.self, from: source, to: target, keeping: mask)
                    case 4: Self.copyRows(UInt32.self, from: source, to: target, keeping: mask)
                    case 8: Self.copyRows(UInt64.self, from: source, to: target, keeping: mask)
                    case 16: Self.copyRows(UInt128.self, from: source, to: target, keeping: mask)
                    default: preconditionFailure("no \(width)-byte element type")
                    }
                }
            }
            return withRows(count: kept, data: filtered, validity: validity)
        }
        switch kind {
        case .string:
            guard let offsets else { preconditionFailure("string column without offsets") }
            return offsets.withUnsafeBytes { sourceOffsets in
                // New offsets first: they also give the size of the new bytes blob.
                var byteCount = 0
                let newOffsets = Blob(byteCount: (kept + 1) * 8) { target in
                    target.storeBytes(of: Int64(0), toByteOffset: 0, as: Int64.self)
                    var written = 8
                    for row in 0..<mask.count where mask[row] {
                        byteCount += StringArray.offset(row + 1, in: sourceOffsets) - StringArray.offset(row, in: sourceOffsets)
                        target.storeBytes(of: Int64(byteCount).littleEndian, toByteOffset: written, as: Int64.self)
                        written += 8
                    }
                }
                // Then the bytes, one copy per run of consecutive kept rows.
                let newBytes = Blob(byteCount: byteCount) { target in
                    data.withUnsafeBytes { source in
                        var written = 0
                        var row = 0
                        while row < mask.count {
                            guard mask[row] else { row += 1; continue }
                            let first = row
                            while row < mask.count, mask[row] { row += 1 }
                            let start = StringArray.offset(first, in: sourceOffsets)
                            let length = StringArray.offset(row, in: sourceOffsets) - start
                            if length > 0 {
                                (target.baseAddress! + written).copyMemory(from: source.baseAddress! + start, byteCount: length)
                            }
                            written += length
                        }
                    }
                }
                return Column(kind: .string, count: kept, data: newBytes, offsets: newOffsets, validity: validity)
            }
        default:
            preconditionFailure("\(kind) has neither a fixed width nor offsets")
        }
    }

    /// The rows of `columns`, one column after the other. O(rows): every column's bytes are copied
    /// once into new blobs (numbers and string bytes with one copy per column, string offsets
    /// rebased to start at 0).
    ///
    /// Validity bitmaps are joined, a column without one counting as all valid; the result has
    /// no bitmap when no row is null. A single column is returned as is (apart from dropping a
    /// bitmap without nulls).
    ///
    /// - Throws: ``DataFrameError/wrongKind(column:expected:found:)`` when the columns do not all
    ///   hold the first one's kind, ``DataFrameError/incompatibleFrames(_:)`` when `columns` is
    ///   empty.
    static func concatenating(_ columns: [Column]) throws(DataFrameError) -> Column {
        guard let first = columns.first else { throw .incompatibleFrames("there are no columns to concatenate") }
        for column in columns.dropFirst() where column.kind != first.kind {
            throw .wrongKind(column: nil, expected: first.kind.description, found: column.kind.description)
        }
        if let categories = first.categories {
            for column in columns.dropFirst() where !column.categories!.hasSameValues(as: categories) {
                throw .incompatibleFrames("the dictionary columns have different categories (re-encode one with the other's)")
            }
        }
        if columns.count == 1 { return first.withoutAllValidBitmap() }

        let total = columns.reduce(0) { $0 + $1.count }
        let validity = concatenatedValidity(of: columns, count: total)
        if let width = first.kind.byteWidth {
            let data = Blob(byteCount: total * width) { target in
                var written = 0
                for column in columns {
                    column.data.withUnsafeBytes { source in
                        if source.count > 0 {
                            (target.baseAddress! + written).copyMemory(from: source.baseAddress!, byteCount: source.count)
                        }
                        written += source.count
                    }
                }
            }
            return first.withRows(count: total, data: data, validity: validity)
        }
        switch first.kind {
        case .string:
            var byteCount = 0
            let offsets = Blob(byteCount: (total + 1) * 8) { target in
                target.storeBytes(of: Int64(0), toByteOffset: 0, as: Int64.self)
                var written = 8
                for column in columns {
                    column.offsets!.withUnsafeBytes { source in
                        // A column's offsets need not start at 0 (it may view part of a bytes blob).
                        let shift = byteCount - StringArray.offset(0, in: source)
                        for row in 0..<column.count {
                            target.storeBytes(of: Int64(StringArray.offset(row + 1, in: source) + shift).littleEndian, toByteOffset: written, as: Int64.self)
                            written += 8
                        }
                        byteCount += StringArray.offset(column.count, in: source) - StringArray.offset(0, in: source)
                    }
                }
            }
            let bytes = Blob(byteCount: byteCount) { target in
                var written = 0
                for column in columns {
                    column.offsets!.withUnsafeBytes { offsets in
                        let start = StringArray.offset(0, in: offsets)
                        let length = StringArray.offset(column.count, in: offsets) - start
                        if length > 0 {
                            column.data.withUnsafeBytes { source in
                                (target.baseAddress! + written).copyMemory(from: source.baseAddress! + start, byteCount: length)
                            }
                        }
                        written += length
                    }
                }
            }
            return Column(kind: .string, count: total, data: bytes, offsets: offsets, validity: validity)
        default:
            preconditionFailure("\(first.kind) has neither a fixed width nor offsets")
        }
    }

    /// The rows at `rows`, in that order, `-1` giving a null row (pandas' `take` with
    /// `allow_fill`). O(result rows + bytes), into new blobs.
    ///
    /// - Precondition: every entry is -1 or a row of this column.
    func taking(_ rows: [Int]) -> Column {
        precondition(rows.allSatisfy { $0 >= -1 && $0 < count }, "a row to take is outside 0..<\(count)")
        let validity = rows.contains(-1) || self.validity != nil
            ? Self.presenceBitmap(rows.map { $0 >= 0 && !isNull($0) }) : nil
        if let width = kind.byteWidth {
            let taken = Blob(byteCount: rows.count * width) { target in
                target.initializeMemory(as: UInt8.self, repeating: 0)
                data.withUnsafeBytes { source in
                    for (index, row) in rows.enumerated() where row >= 0 {
                        (target.baseAddress! + index * width).copyMemory(from: source.baseAddress! + row * width, byteCount: width)
                    }
                }
            }
            return withRows(count: rows.count, data: taken, validity: validity)
        }
        guard let offsets else { preconditionFailure("\(kind) has neither a fixed width nor offsets") }
        return offsets.withUnsafeBytes { sourceOffsets in
            var byteCount = 0
            let newOffsets = Blob(byteCount: (rows.count + 1) * 8) { target in
                target.storeBytes(of: Int64(0), toByteOffset: 0, as: Int64.self)
                for (index, row) in rows.enumerated() {
                    if row >= 0 { byteCount += StringArray.offset(row + 1, in: sourceOffsets) - StringArray.offset(row, in: sourceOffsets) }
                    target.storeBytes(of: Int64(byteCount).littleEndian, toByteOffset: (index + 1) * 8, as: Int64.self)
                }
            }
            let newBytes = Blob(byteCount: byteCount) { target in
                data.withUnsafeBytes { source in
                    var written = 0
                    for row in rows where row >= 0 {
                        let start = StringArray.offset(row, in: sourceOffsets), length = StringArray.offset(row + 1, in: sourceOffsets) - start
                        if length > 0 { (target.baseAddress! + written).copyMemory(from: source.baseAddress! + start, byteCount: length) }
                        written += length
                    }
                }
            }
            return withRows(count: rows.count, data: newBytes, offsets: newOffsets, validity: validity)
        }
    }

    // MARK: - Helpers

    /// This column, without its validity bitmap when the bitmap marks no row null.
    private func withoutAllValidBitmap() -> Column {
        guard let validity, validity.nullCount == 0 else { return self }
        return withRows(count: count, data: data, offsets: offsets, validity: nil)
    }

    /// Copies the `Word`-sized elements of `source` whose mask entry is true to the start of
    /// `target`, in order. Works for every dtype of that width (the bits are moved unchanged).
    private static func copyRows<Word: FixedWidthInteger>(
        _: Word.Type,
        from source: UnsafeRawBufferPointer,
        to target: UnsafeMutableRawBufferPointer,
        keeping mask: UnsafeBufferPointer<Bool>
    ) {
        guard let from = source.baseAddress, let to = target.baseAddress else { return }
        let width = MemoryLayout<Word>.size
        var written = 0
        for row in 0..<mask.count where mask[row] {
            let word = from.loadUnaligned(fromByteOffset: row * width, as: Word.self)
            to.storeBytes(of: word, toByteOffset: written, as: Word.self)
            written += width
        }
    }

    /// The bits of `validity` whose mask entry is true, or `nil` when no kept row is null.
    private static func filteredValidity(
        _ validity: ValidityBitmap?,
        by mask: UnsafeBufferPointer<Bool>,
        keeping kept: Int
    ) -> ValidityBitmap? {
        guard let validity else { return nil }
        var nulls = 0
        let blob = Blob(byteCount: (kept + 7) / 8) { target in
            target.initializeMemory(as: UInt8.self, repeating: 0)
            validity.blob.withUnsafeBytes { bits in
                var written = 0
                for row in 0..<mask.count where mask[row] {
                    if (bits[row >> 3] >> UInt8(row & 7)) & 1 == 1 {
                        target[written >> 3] |= UInt8(1) << UInt8(written & 7)
                    } else {
                        nulls += 1
                    }
                    written += 1
                }
            }
        }
        return nulls == 0 ? nil : ValidityBitmap(exactBlob: blob, count: kept)
    }

    /// The validity bitmaps of `columns` end to end (a column without one counts as all valid),
    /// or `nil` when no row is null.
    private static func concatenatedValidity(of columns: [Column], count: Int) -> ValidityBitmap? {
        guard columns.contains(where: { $0.validity != nil }) else { return nil }
        var nulls = 0
        let blob = Blob(byteCount: (count + 7) / 8) { target in
            target.initializeMemory(as: UInt8.self, repeating: 0)
            var position = 0
            for column in columns {
                if let validity = column.validity {
                    validity.blob.withUnsafeBytes { bits in
                        nulls += appendBits(bits, count: column.count, to: target, at: position)
                    }
                } else {
                    appendBits(nil, count: column.count, to: target, at: position)
                }
                position += column.count
            }
        }
        return nulls == 0 ? nil : ValidityBitmap(exactBlob: blob, count: count)
    }

    /// Sets bits `position ..< position + count` of the zeroed `target` from the first `count`
    /// bits of `source` (all ones when `source` is nil) and returns how many are 0.
    @discardableResult
    private static func appendBits(
        _ source: UnsafeRawBufferPointer?,
        count: Int,
        to target: UnsafeMutableRawBufferPointer,
        at position: Int
    ) -> Int {
        var index = 0
        var zeros = 0
        // Byte-aligned destination: whole bytes at a time.
        if position & 7 == 0 {
            let wholeBytes = count >> 3
            let start = position >> 3
            for byte in 0..<wholeBytes {
                let bits = source.map { $0[byte] } ?? 0xFF
                target[start + byte] = bits
                zeros += 8 - bits.nonzeroBitCount
            }
            index = wholeBytes << 3
        }
        while index < count {
            let valid = source.map { ($0[index >> 3] >> UInt8(index & 7)) & 1 == 1 } ?? true
            if valid {
                let bit = position + index
                target[bit >> 3] |= UInt8(1) << UInt8(bit & 7)
            } else {
                zeros += 1
            }
            index += 1
        }
        return zeros
    }
}
