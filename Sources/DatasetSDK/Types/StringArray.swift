/// A column of UTF-8 strings in Arrow's layout: an offsets blob of `count + 1` little-endian
/// `Int64`s and one bytes blob; string `i` is `bytes[offsets[i] ..< offsets[i + 1]]`.
///
/// Reading a string decodes it from the blob in place; building a `StringArray` from a loaded
/// file is O(count + bytes) for validation (offsets and UTF-8) and copies nothing.
///
/// ```swift
/// let names = StringArray(["CollgCr", "Veenker", "Crawfor"])
/// print(names[1])   // Veenker
/// ```
public struct StringArray: Sendable {
    /// `count + 1` offsets into `bytes`, as little-endian `Int64`.
    public let offsets: Blob
    /// The UTF-8 bytes of all strings, back to back.
    public let bytes: Blob
    /// Number of strings.
    public let count: Int

    /// Wraps existing blobs, checking that the offsets start at or after 0, never decrease and
    /// stay inside `bytes`, and that every string is valid UTF-8. O(count + bytes).
    public init(offsets: Blob, bytes: Blob) throws(ObjectError) {
        guard offsets.count % 8 == 0, offsets.count >= 8 else {
            throw .invalidBlob("offsets", typeName: Self.typeName, reason: "size \(offsets.count) is not (count + 1) x 8 bytes")
        }
        let offsets = offsets.withUnsafeBytes { Int(bitPattern: $0.baseAddress) % 8 == 0 } ? offsets : offsets.withUnsafeBytes { Blob(copying: $0) }
        let count = offsets.count / 8 - 1
        let limit = Int64(bytes.count)
        let problem: String? = offsets.withUnsafeBytes { raw in
            var previous = Int64(Self.offset(0, in: raw))
            if previous < 0 || previous > limit { return "offset 0 is \(previous), outside 0...\(limit)" }
            for index in 1..<(count + 1) {
                let value = Int64(Self.offset(index, in: raw))
                if value < previous || value > limit {
                    return "offset \(index) is \(value), after \(previous) and with \(limit) bytes"
                }
                previous = value
            }
            return nil
        }
        if let problem { throw .invalidBlob("offsets", typeName: Self.typeName, reason: problem) }
        if let problem = Self.utf8Problem(offsets: offsets, bytes: bytes) { throw .invalidBlob("bytes", typeName: Self.typeName, reason: problem) }
        self.offsets = offsets
        self.bytes = bytes
        self.count = count
    }

    /// Why the strings between validated `offsets` are not each valid UTF-8, or nil when they are:
    /// the bytes they cover must be well-formed and no offset may split a character.
    private static func utf8Problem(offsets: Blob, bytes: Blob) -> String? {
        offsets.withUnsafeBytes { rawOffsets in
            let count = rawOffsets.count / 8 - 1
            let first = Self.offset(0, in: rawOffsets), last = Self.offset(count, in: rawOffsets)
            return bytes.withUnsafeBytes { raw in
                if let bad = UTF8Validation.firstInvalidByte(in: UnsafeRawBufferPointer(rebasing: raw[first..<last])) {
                    return "byte \(first + bad) (0x\(String(raw[first + bad], radix: 16))) is not valid UTF-8; strings must be UTF-8"
                }
                for index in 1..<Swift.max(count, 1) {
                    let offset = Self.offset(index, in: rawOffsets)
                    if offset < last, UTF8Validation.isContinuation(raw[offset]) {
                        return "offset \(index) (\(offset)) splits a UTF-8 character; each string must be valid UTF-8 by itself"
                    }
                }
                return nil
            }
        }
    }

    /// Builds an array holding copies of `strings`.
    public init(_ strings: some Collection<String>) {
        var builder = StringArrayBuilder(capacity: strings.count)
        for string in strings { builder.append(string) }
        self = builder.build()
    }

    /// Wraps blobs from a trusted store: checks sizes, alignment and the first and last offsets
    /// only. Each string access still checks its own range (``byteRange(at:)``).
    init(trustedOffsets offsets: Blob, bytes: Blob) throws(ObjectError) {
        guard offsets.count % 8 == 0, offsets.count >= 8,
              offsets.withUnsafeBytes({ Int(bitPattern: $0.baseAddress) % 8 == 0 })
        else { throw .invalidBlob("offsets", typeName: Self.typeName, reason: "size \(offsets.count) is not (count + 1) x 8 aligned bytes") }
        let (first, last) = offsets.withUnsafeBytes { raw in
            (Int64(Self.offset(0, in: raw)), Int64(Self.offset(raw.count / 8 - 1, in: raw)))
        }
        guard first >= 0, first <= last, last <= Int64(bytes.count) else {
            throw .invalidBlob("offsets", typeName: Self.typeName, reason: "offsets \(first)...\(last) do not fit \(bytes.count) bytes")
        }
        self.init(validatedOffsets: offsets, bytes: bytes, count: offsets.count / 8 - 1)
    }

    /// Offset `index` of an offsets blob (a little-endian `Int64`, possibly unaligned): the one
    /// place the SDK reads string offsets.
    @inline(__always)
    static func offset(_ index: Int, in offsets: UnsafeRawBufferPointer) -> Int {
        offset(index, at: offsets.baseAddress!)
    }

    /// Offset `index` of the offsets starting at `base`.
    @inline(__always)
    static func offset(_ index: Int, at base: UnsafeRawPointer) -> Int {
        Int(Int64(littleEndian: base.loadUnaligned(fromByteOffset: index * 8, as: Int64.self)))
    }

    init(validatedOffsets offsets: Blob, bytes: Blob, count: Int) {
        self.offsets = offsets
        self.bytes = bytes
        self.count = count
    }

    /// The byte range of string `index` inside ``bytes``.
    public func byteRange(at index: Int) -> Range<Int> {
        precondition(index >= 0 && index < count, "index \(index) out of range 0..<\(count)")
        let (lower, upper) = offsets.withUnsafeBytes { raw in (Self.offset(index, in: raw), Self.offset(index + 1, in: raw)) }
        precondition(lower >= 0 && lower <= upper && upper <= bytes.count, "string \(index) has offsets \(lower)..<\(upper) outside \(bytes.count) bytes")
        return lower..<upper
    }

    /// Calls `body` with the UTF-8 bytes of string `index`, in place.
    public func withUTF8<R>(at index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let range = byteRange(at: index)
        return try bytes.withUnsafeBytes { raw in try body(UnsafeRawBufferPointer(rebasing: raw[range])) }
    }
}

extension StringArray: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    /// String `position`, decoded from the bytes blob. Arrays from files were checked to be
    /// valid UTF-8; in a store's array written by a faulty writer, invalid bytes read as U+FFFD.
    public subscript(position: Int) -> String {
        withUTF8(at: position) { String(decoding: $0, as: UTF8.self) }
    }
}

extension StringArray: Equatable {
    /// The same strings in the same order.
    public static func == (lhs: StringArray, rhs: StringArray) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for index in 0..<lhs.count {
            let equal = lhs.withUTF8(at: index) { a in rhs.withUTF8(at: index) { b in a.elementsEqual(b) } }
            if !equal { return false }
        }
        return true
    }
}

extension StringArray: DatasetObject {
    /// `datasetsdk.StringArray`.
    public static var typeName: String { StringArrayLayout.typeName }

    /// Field `length`; blobs `offsets` and `bytes` (``StringArrayLayout``, generated from
    /// types.proto). O(1).
    public func encoded() -> EncodedObject { layout().encoded() }

    /// The generated layout of this array, with a validity bitmap when it is a column with nulls.
    func layout(validity: ValidityBitmap? = nil) -> StringArrayLayout {
        StringArrayLayout(length: Int64(count), offsets: offsets, bytes: bytes, validity: validity?.blob, nullCount: validity.map { Int64($0.nullCount) })
    }

    /// Decodes and validates the offsets: O(count), or O(1) bounds checks for objects from a
    /// trusted store (see ``EncodedObject``).
    public init(decoding object: EncodedObject) throws(ObjectError) {
        try self.init(layout: StringArrayLayout(decoding: object), trusted: object.hasTrustedLayout)
    }

    /// Views a decoded layout, checking that `length` agrees with the offsets.
    init(layout: StringArrayLayout, trusted: Bool) throws(ObjectError) {
        if trusted {
            try self.init(trustedOffsets: layout.offsets, bytes: layout.bytes)
        } else {
            try self.init(offsets: layout.offsets, bytes: layout.bytes)
        }
        guard layout.length == count else {
            throw .invalidField("length", typeName: Self.typeName, expected: "\(count) (from the offsets)", found: "\(layout.length)")
        }
    }
}

/// Appends strings into growing offsets and bytes buffers, then hands them over as a
/// ``StringArray`` without copying again.
public struct StringArrayBuilder: Sendable {
    private var offsets: [Int64]
    private var bytes: [UInt8]

    /// A builder with room for `capacity` strings.
    public init(capacity: Int = 0) {
        offsets = [0]
        offsets.reserveCapacity(capacity + 1)
        bytes = []
    }

    /// Number of strings appended so far.
    public var count: Int { offsets.count - 1 }

    /// Appends one string.
    public mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
        offsets.append(Int64(bytes.count))
    }

    /// Appends raw UTF-8 bytes as one string.
    public mutating func append(utf8 raw: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: raw)
        offsets.append(Int64(bytes.count))
    }

    /// The strings appended so far.
    public func build() -> StringArray {
        let offsetBlob = offsets.withUnsafeBytes { Blob(copying: $0) }
        let byteBlob = bytes.withUnsafeBytes { Blob(copying: $0) }
        return StringArray(validatedOffsets: offsetBlob, bytes: byteBlob, count: offsets.count - 1)
    }
}
