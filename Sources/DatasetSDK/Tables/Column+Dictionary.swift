// Dictionary encoding of string columns: the basis of group-by, value counts and modes on text
// without a `String` per cell.

/// A string column as integer codes into its distinct values, the way pandas' `factorize` and
/// Arrow's dictionary arrays describe categorical text.
///
/// ```swift
/// let encoded = try Column(["NAmes", "CollgCr", nil, "NAmes"]).dictionaryEncoded()
/// // encoded.codes == [0, 1, -1, 0], encoded.categories == ["NAmes", "CollgCr"]
/// ```
public struct DictionaryEncodedStrings: Sendable {
    /// One code per row: the index of the row's string in ``categories``, or -1 for a null.
    public let codes: [Int32]
    /// The distinct strings of the non-null rows, in order of first appearance.
    public let categories: StringArray
}

extension Column {
    /// The column's strings as codes into their distinct values. O(rows + bytes): each string is
    /// hashed and compared in place in the bytes blob (no `String` per row); only the distinct
    /// values are copied.
    ///
    /// - Throws: ``DataFrameError/wrongKind(column:expected:found:)`` for a numeric column.
    public func dictionaryEncoded() throws(DataFrameError) -> DictionaryEncodedStrings {
        let strings = try strings()
        var codes = [Int32](repeating: -1, count: count)
        var table = ByteStringTable()
        var builder = StringArrayBuilder()
        strings.offsets.withUnsafeBytes { offsets in
            strings.bytes.withUnsafeBytes { bytes in
                for row in 0..<count where !isNull(row) {
                    let lower = StringArray.offset(row, in: offsets)
                    let upper = StringArray.offset(row + 1, in: offsets)
                    precondition(lower >= 0 && lower <= upper && upper <= bytes.count, "string \(row) lies outside the bytes blob")
                    let value = UnsafeRawBufferPointer(rebasing: bytes[lower..<upper])
                    codes[row] = table.code(for: value) {
                        builder.append(utf8: value)
                        return Int32(builder.count - 1)
                    }
                }
            }
        }
        return DictionaryEncodedStrings(codes: codes, categories: builder.build())
    }
}

/// An open-addressing hash table from byte strings to codes. It keeps its own copy of each
/// distinct key, so lookups compare against those copies.
struct ByteStringTable {
    private var slots: [Int32]
    private var keys: [[UInt8]] = []
    private var hashes: [UInt64] = []
    private var values: [Int32] = []

    init() { slots = [Int32](repeating: -1, count: 64) }

    /// The code stored for `key`, or the one `insert` returns, which is then stored.
    mutating func code(for key: UnsafeRawBufferPointer, insert: () -> Int32) -> Int32 {
        let hash = Self.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { break }
            if hashes[entry] == hash, keys[entry].withUnsafeBytes({ $0.elementsEqual(key) }) { return values[entry] }
            slot = (slot + 1) & (slots.count - 1)
        }
        let value = insert()
        slots[slot] = Int32(keys.count)
        keys.append(Array(key))
        hashes.append(hash)
        values.append(value)
        if keys.count * 2 > slots.count { grow() }
        return value
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Int32(entry)
        }
    }

    /// FNV-1a, then a final mix so that the low bits used for the slot are well spread.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        return hash ^ (hash >> 33)
    }
}
