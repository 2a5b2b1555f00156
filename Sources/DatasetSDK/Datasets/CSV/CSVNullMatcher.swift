/// Tells whether a field's bytes are one of the null tokens (``CSVOptions/nullTokens``).
///
/// Most fields are rejected by their length alone: a bit mask records which lengths below 64
/// any token has, so only fields of such a length are compared byte by byte.
struct CSVNullMatcher: Sendable {
    /// Bit `n` is set when a token has `n` bytes (for `n < 64`).
    private let lengthMask: UInt64
    /// Whether a token has 64 bytes or more.
    private let hasLongTokens: Bool
    /// All token bytes back to back.
    private let tokenBytes: [UInt8]
    /// Each token's start in `tokenBytes` and its length.
    private let tokenRanges: [(start: Int, length: Int)]

    init(_ tokens: Set<String>) {
        var mask: UInt64 = 0
        var long = false
        var bytes: [UInt8] = []
        var ranges: [(start: Int, length: Int)] = []
        for token in tokens.sorted() {
            let utf8 = Array(token.utf8)
            if utf8.count < 64 { mask |= 1 << UInt64(utf8.count) } else { long = true }
            ranges.append((bytes.count, utf8.count))
            bytes.append(contentsOf: utf8)
        }
        lengthMask = mask
        hasLongTokens = long
        tokenBytes = bytes
        tokenRanges = ranges
    }

    /// Whether the `length` bytes at `text` are a null token.
    @inline(__always)
    func matches(_ text: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        if length < 64 {
            guard lengthMask & (1 << UInt64(length)) != 0 else { return false }
            if length == 0 { return true }
        } else if !hasLongTokens {
            return false
        }
        return compare(text, length)
    }

    @inline(__always)
    private func compare(_ text: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        tokenBytes.withUnsafeBufferPointer { bytes in
            for range in tokenRanges where range.length == length {
                let token = bytes.baseAddress! + range.start
                var index = 0
                while index < length && token[index] == text[index] { index += 1 }
                if index == length { return true }
            }
            return false
        }
    }
}
