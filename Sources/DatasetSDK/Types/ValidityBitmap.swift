/// Which elements of a column are present: bit `i` (least significant bit first within each
/// byte, as in Arrow) is 1 when element `i` is valid and 0 when it is null.
///
/// ```swift
/// let validity = ValidityBitmap([true, false, true])
/// print(validity.isValid(1), validity.nullCount)   // false 1
/// ```
public struct ValidityBitmap: Sendable, Equatable {
    /// `(count + 7) / 8` bytes of bits.
    public let blob: Blob
    /// Number of elements described.
    public let count: Int

    /// Wraps a bitmap blob describing `count` elements.
    ///
    /// - Throws: ``ObjectError`` when the blob is shorter than `(count + 7) / 8` bytes.
    public init(blob: Blob, count: Int) throws(ObjectError) {
        guard count >= 0, blob.count >= (count + 7) / 8 else {
            throw .invalidBlob("validity", typeName: "validity bitmap", reason: "\(blob.count) bytes cannot describe \(count) elements")
        }
        self.blob = blob.count == (count + 7) / 8 ? blob : blob.slice(0..<(count + 7) / 8)
        self.count = count
    }

    /// Wraps a blob already known to hold exactly `(count + 7) / 8` bytes.
    init(exactBlob blob: Blob, count: Int) {
        precondition(blob.count == (count + 7) / 8, "bitmap of \(blob.count) bytes for \(count) elements")
        self.blob = blob
        self.count = count
    }

    /// A bitmap with bit `i` set where `valid[i]` is true. O(count); an array or other
    /// contiguous collection is read through its buffer (no per-element generic dispatch).
    public init(_ valid: some Collection<Bool>) {
        let count = valid.count
        blob = Blob(byteCount: (count + 7) / 8) { raw in
            raw.initializeMemory(as: UInt8.self, repeating: 0)
            let packed: Void? = valid.withContiguousStorageIfAvailable { buffer in Self.pack(buffer, into: raw) }
            if packed == nil {
                for (index, isValid) in valid.enumerated() where isValid {
                    raw[index >> 3] |= UInt8(1) << UInt8(index & 7)
                }
            }
        }
        self.count = count
    }

    /// Sets the bits of the zeroed `raw` from `valid`, eight flags to a byte.
    private static func pack(_ valid: UnsafeBufferPointer<Bool>, into raw: UnsafeMutableRawBufferPointer) {
        var byte = 0
        var index = 0
        while index + 8 <= valid.count {
            var bits: UInt8 = 0
            for bit in 0..<8 where valid[index + bit] { bits |= UInt8(1) << UInt8(bit) }
            raw[byte] = bits
            byte += 1
            index += 8
        }
        for bit in 0..<(valid.count - index) where valid[index + bit] { raw[byte] |= UInt8(1) << UInt8(bit) }
    }

    /// Whether element `index` is present (not null).
    public func isValid(_ index: Int) -> Bool {
        precondition(index >= 0 && index < count, "index \(index) out of range 0..<\(count)")
        return blob.withUnsafeBytes { ($0[index >> 3] >> UInt8(index & 7)) & 1 == 1 }
    }

    /// Number of nulls. O(count / 64).
    public var nullCount: Int {
        blob.withUnsafeBytes { raw in
            var valid = 0
            let fullBytes = count / 8
            for index in 0..<fullBytes { valid += raw[index].nonzeroBitCount }
            for index in (fullBytes * 8)..<count where (raw[index >> 3] >> UInt8(index & 7)) & 1 == 1 { valid += 1 }
            return count - valid
        }
    }

    public static func == (lhs: ValidityBitmap, rhs: ValidityBitmap) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return (0..<lhs.count).allSatisfy { lhs.isValid($0) == rhs.isValid($0) }
    }
}
