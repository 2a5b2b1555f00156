/// UTF-8 validation of bulk text (the bytes blob of a ``StringArray``), without building strings.
enum UTF8Validation {
    /// The offset of the first byte that does not begin or continue a well-formed UTF-8
    /// sequence (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or nil
    /// when all of `bytes` is valid. ASCII runs are checked eight bytes at a time.
    static func firstInvalidByte(in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var index = 0
        while index < count {
            // Skip ASCII eight bytes at a time once aligned.
            if (Int(bitPattern: base + index) & 7) == 0 {
                while index + 8 <= count, base.load(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { index += 8 }
                if index >= count { break }
            }
            let lead = base.load(fromByteOffset: index, as: UInt8.self)
            if lead < 0x80 { index += 1; continue }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF  // the allowed range of the second byte
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = base.load(fromByteOffset: index + 1, as: UInt8.self)
            guard second >= lower, second <= upper else { return index }
            var next = 2
            while next < length {
                guard base.load(fromByteOffset: index + next, as: UInt8.self) & 0xC0 == 0x80 else { return index }
                next += 1
            }
            index += length
        }
        return nil
    }

    /// Whether `byte` continues a multi-byte sequence (an offset may not point at one).
    static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}
