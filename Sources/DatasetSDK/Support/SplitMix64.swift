/// SplitMix64: a small, fast, seeded generator whose sequence depends only on its seed, for
/// data that must be the same bytes on every machine and in every process (synthesized rows,
/// benchmark inputs, randomized tests).
package struct SplitMix64: RandomNumberGenerator {
    /// The generator's whole state.
    package var state: UInt64

    /// A generator starting from `seed`.
    package init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Double in [0, 1), from the top 53 bits.
    package mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A whole number in `0..<bound` (`bound` > 0), by modulo.
    package mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
