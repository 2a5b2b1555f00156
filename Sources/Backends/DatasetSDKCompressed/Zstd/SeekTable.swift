import DatasetSDK

/// The seek table that ends a `.dso.zst` file: zstd's *seekable format* (zstd's
/// `contrib/seekable_format`), one skippable frame listing each data frame's compressed and
/// decompressed size.
///
/// Decoders that know nothing of it skip it (it is a standard skippable frame, so `zstd -d`
/// ignores it); readers that do can size the output and find every frame without parsing them,
/// to decompress the frames in parallel or seek. Layout (all integers little-endian):
///
/// ```
/// u32 0x184D2A5E                    skippable frame magic
/// u32 8 * frames + 9                size of what follows
/// frames x (u32 compressed size, u32 decompressed size)
/// u32 frames, u8 descriptor (0: no per-frame checksums), u32 0x8F92EAB1
/// ```
struct SeekTable: Equatable {
    /// The skippable frame's magic number.
    static let skippableMagic: UInt32 = 0x184D_2A5E
    /// The seekable format's magic number, the table's last four bytes.
    static let seekableMagic: UInt32 = 0x8F92_EAB1
    /// The footer: frame count, descriptor, magic.
    static let footerSize = 9
    /// The seekable format's limit on one frame's decompressed size (1 GiB).
    static let maximumFrameContent = 1 << 30

    /// One data frame.
    struct Entry: Equatable {
        var compressedSize: UInt32
        var decompressedSize: UInt32
    }

    var entries: [Entry] = []

    /// The whole skippable frame.
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + entries.count * 8 + Self.footerSize)
        func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        append(Self.skippableMagic)
        append(UInt32(entries.count * 8 + Self.footerSize))
        for entry in entries {
            append(entry.compressedSize)
            append(entry.decompressedSize)
        }
        append(UInt32(entries.count))
        bytes.append(0)
        append(Self.seekableMagic)
        return bytes
    }

    /// The table at the end of `file`, or nil when the file does not end with one that is
    /// consistent with the file's size (the caller then walks the frames instead).
    static func parse(_ file: UnsafeRawBufferPointer) -> SeekTable? {
        guard file.count >= 8 + footerSize,
              file.loadUnaligned(fromByteOffset: file.count - 4, as: UInt32.self).littleEndian == seekableMagic,
              file[file.count - 5] & 0x7C == 0 else { return nil }  // reserved descriptor bits are zero
        let count = Int(file.loadUnaligned(fromByteOffset: file.count - footerSize, as: UInt32.self).littleEndian)
        let entrySize = file[file.count - 5] & 0x80 != 0 ? 12 : 8
        let (entriesSize, overflow) = count.multipliedReportingOverflow(by: entrySize)
        guard !overflow, entriesSize <= file.count - 8 - footerSize else { return nil }
        let start = file.count - footerSize - entriesSize - 8
        guard file.loadUnaligned(fromByteOffset: start, as: UInt32.self).littleEndian == skippableMagic,
              Int(file.loadUnaligned(fromByteOffset: start + 4, as: UInt32.self).littleEndian) == entriesSize + footerSize else { return nil }
        var table = SeekTable()
        table.entries.reserveCapacity(count)
        var compressedTotal = 0
        for index in 0..<count {
            let offset = start + 8 + index * entrySize
            let entry = Entry(compressedSize: file.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian,
                              decompressedSize: file.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self).littleEndian)
            compressedTotal += Int(entry.compressedSize)
            table.entries.append(entry)
        }
        // The frames must exactly fill the file up to the table (no gap, no overlap).
        return compressedTotal == start ? table : nil
    }
}
