import DatasetSDK

/// SplitMix64 (DatasetSDK's) split into named streams, so the generated rows are the same bytes
/// on every machine, in every environment and process.
struct SeededRandom: RandomNumberGenerator {
    private var generator: SplitMix64

    /// A generator for `stream` of `seed`: each column draws from its own stream, so columns can
    /// be generated in any order, or in parallel, with the same result.
    init(seed: UInt64, stream: UInt64) {
        generator = SplitMix64(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
        _ = next()
    }

    mutating func next() -> UInt64 { generator.next() }

    /// A whole number in `range`, by multiply-shift (no modulo; the bias is below 2^-40 for the
    /// small ranges used here).
    mutating func integer(in range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(range.upperBound - range.lowerBound) &+ 1
        return range.lowerBound + Int64(span.multipliedFullWidth(by: next()).high)
    }

    /// True with probability `share`.
    mutating func chance(_ share: Double) -> Bool {
        share > 0 && Double(next() >> 11) * 0x1p-53 < share
    }

    /// Stream numbers by name, so a column's values do not depend on its position.
    static func stream(for name: String, salt: UInt64) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ salt
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}
