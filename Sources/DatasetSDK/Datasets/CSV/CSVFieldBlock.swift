/// Where the fields of a run of rows lie in the input: one start and one end byte offset per
/// field, stored column by column so a column's fields are contiguous.
///
/// A field whose bytes need unquoting (a doubled quote inside, or text after the closing
/// quote) is stored with the bitwise complement of its raw start (a negative number) and the
/// end of its raw bytes; ``CSVScanner/unquote(_:_:into:)`` turns those into the field's text.
/// Any other field is stored as the range of its text (inside the quotes, when quoted).
final class CSVFieldBlock {
    /// Number of columns of every row.
    let columnCount: Int
    /// Rows the block can hold.
    let capacity: Int
    /// Rows the block holds.
    var rowCount = 0
    /// `columnCount * capacity` field starts; field (row, column) is at `column * capacity + row`.
    let starts: UnsafeMutablePointer<Int>
    /// `columnCount * capacity` field ends.
    let ends: UnsafeMutablePointer<Int>

    init(columnCount: Int, capacity: Int) {
        self.columnCount = columnCount
        self.capacity = capacity
        starts = .allocate(capacity: max(columnCount * capacity, 1))
        ends = .allocate(capacity: max(columnCount * capacity, 1))
    }

    deinit {
        starts.deallocate()
        ends.deallocate()
    }
}
