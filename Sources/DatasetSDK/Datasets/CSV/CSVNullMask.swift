/// The validity bits of a column being read, allocated only once the first null appears (most
/// columns have none).
struct CSVNullMask {
    /// `(rows + 7) / 8` bytes once a null was seen; empty before.
    private var bits: [UInt8] = []
    /// Nulls recorded so far.
    private(set) var nullCount = 0

    /// Records that row `row` (the next one) is present.
    @inline(__always)
    mutating func appendValid(row: Int) {
        guard nullCount > 0 else { return }
        if row & 7 == 0 { bits.append(0) }
        bits[row >> 3] |= 1 << UInt8(row & 7)
    }

    /// Records that row `row` (the next one) is null.
    @inline(__always)
    mutating func appendNull(row: Int) {
        if nullCount == 0 { markValid(rows: row) }
        if row & 7 == 0 { bits.append(0) }
        nullCount += 1
    }

    /// Sets the bits of the first `rows` rows, all present.
    @inline(never)
    private mutating func markValid(rows: Int) {
        bits = Array(repeating: 0xFF, count: rows >> 3)
        if rows & 7 != 0 { bits.append(UInt8((1 << (rows & 7)) - 1)) }
    }

    /// Room for the bits of `rows` rows in total.
    mutating func reserve(rows: Int) {
        if nullCount > 0 { bits.reserveCapacity((rows + 7) / 8) }
    }

    /// Forgets every row.
    mutating func removeAll() {
        bits = []
        nullCount = 0
    }

    /// The bitmap of `count` rows, or nil when none is null.
    func bitmap(count: Int) -> ValidityBitmap? {
        guard nullCount > 0 else { return nil }
        precondition(bits.count == (count + 7) / 8, "validity bits out of step with the column")
        return ValidityBitmap(exactBlob: bits.withUnsafeBytes { Blob(copying: $0) }, count: count)
    }
}
