/// The magic numbers that start zstd frames (RFC 8878), read little-endian.
enum ZstdMagic {
    /// A data frame.
    static let frame: UInt32 = 0xFD2F_B528

    /// Whether `magic` starts a skippable frame (`0x184D2A50` to `0x184D2A5F`): no content,
    /// passed over by decoders (the seek table is one).
    static func isSkippable(_ magic: UInt32) -> Bool { magic & 0xFFFF_FFF0 == 0x184D_2A50 }
}
