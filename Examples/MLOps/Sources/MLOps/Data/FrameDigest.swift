import DatasetSDK

/// A checksum of a frame's logical content: column names and kinds, which rows are null, and the
/// values of the others (numbers by their bytes, strings by their UTF-8 bytes). Two frames
/// have the same digest when they hold the same data, however their blobs are laid out.
public enum FrameDigest {
    /// The digest as 16 hex digits (64-bit FNV-1a over the canonical bytes).
    public static func digest(_ frame: DataFrame) -> String {
        var hasher = FNV64()
        hasher.addWord(UInt64(frame.rowCount))
        for (name, column) in frame.columns {
            hasher.addBytes(Array(name.utf8))
            hasher.addBytes(Array(column.kind.description.utf8))
            switch column.kind {
            case .string:
                hashStrings(of: column, into: &hasher)
            default:
                let width = column.kind.byteWidth!
                let data = column.blobs[0]
                data.withUnsafeBytes { raw in
                    for row in 0..<column.count {
                        if column.isNull(row) { hasher.addByte(0xFF); continue }
                        hasher.addByte(0x01)
                        hasher.addBytes(UnsafeRawBufferPointer(rebasing: raw[(row * width)..<((row + 1) * width)]))
                    }
                }
            }
            if let categories = column.categories { hasher.addBytes(Array(digest(try! DataFrame(columns: [("categories", categories)])).utf8)) }
        }
        let hex = String(hasher.value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func hashStrings(of column: Column, into hasher: inout FNV64) {
        let strings = try! column.strings()
        for row in 0..<column.count {
            if column.isNull(row) { hasher.addByte(0xFF); continue }
            hasher.addByte(0x01)
            strings.withUTF8(at: row) { bytes in
                hasher.addWord(UInt64(bytes.count))
                hasher.addBytes(bytes)
            }
        }
    }
}

private struct FNV64 {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func addByte(_ byte: UInt8) { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }

    mutating func addWord(_ word: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { addByte(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }

    mutating func addBytes(_ bytes: some Sequence<UInt8>) { for byte in bytes { addByte(byte) } }

}
