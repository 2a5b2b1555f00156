#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An immutable run of bytes with no interpretation: tensor data, string offsets, string bytes.
///
/// A blob is a *view* plus an *owner*. The owner (a heap allocation, a memory-mapped region of a
/// container file, a file in a shared-memory store) stays alive as long as any view of it does,
/// so a blob handed out by a load remains valid after the dataset that produced it is gone.
/// Copying a `Blob` or slicing it is O(1) and never copies bytes.
///
/// ```swift
/// let blob = Blob(copying: [1, 2, 3, 4])
/// let tail = blob.slice(2..<4)          // a view, no copy
/// tail.withUnsafeBytes { print($0[0]) } // 3
/// ```
public struct Blob: Sendable {
    /// The memory the view points into; kept alive by the view.
    public let owner: any BlobOwner
    /// Offset of the first byte of this view inside `owner`.
    public let offset: Int
    /// Number of bytes in the view.
    public let count: Int

    /// Creates a view of `count` bytes of `owner` starting at `offset`.
    ///
    /// - Precondition: the range lies inside the owner's bytes.
    public init(owner: any BlobOwner, offset: Int = 0, count: Int? = nil) {
        let total = owner.bytes.count
        let length = count ?? (total - offset)
        precondition(offset >= 0 && length >= 0 && offset + length <= total, "Blob range outside its owner")
        self.owner = owner
        self.offset = offset
        self.count = length
    }

    /// Where the bytes of this view come from. Backends use it to recognise their own blobs and
    /// reference them instead of copying (structural sharing).
    public var origin: BlobOrigin {
        if case let .mappedFile(path, start) = owner.origin { return .mappedFile(path: path, offset: start + offset) }
        return owner.origin
    }

    /// Whether this view covers every byte of its owner (a backend can share only whole blobs).
    public var coversWholeOwner: Bool { offset == 0 && count == owner.bytes.count }

    /// Calls `body` with the bytes of the view. O(1): no copy.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let base = owner.bytes.baseAddress.map { UnsafeRawPointer($0) + offset }
        return try body(UnsafeRawBufferPointer(start: count == 0 ? nil : base, count: count))
    }

    /// A view of a sub-range of this blob's bytes. O(1): no copy.
    public func slice(_ range: Range<Int>) -> Blob {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "Blob slice outside the blob")
        return Blob(owner: owner, offset: offset + range.lowerBound, count: range.count)
    }

    /// The bytes as an array (a copy; for small blobs and tests).
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }
}

extension Blob {
    /// An empty blob.
    public static let empty = Blob(owner: HeapBuffer(byteCount: 0))

    /// Creates a blob holding a copy of `bytes`.
    public init(copying bytes: some Collection<UInt8>) {
        let buffer = HeapBuffer(byteCount: bytes.count)
        UnsafeMutableRawBufferPointer(mutating: buffer.bytes).copyBytes(from: bytes)
        self.init(owner: buffer)
    }

    /// Creates a blob holding a copy of the bytes of `source`.
    public init(copying source: UnsafeRawBufferPointer) {
        let buffer = HeapBuffer(byteCount: source.count)
        if let base = source.baseAddress, source.count > 0 {
            UnsafeMutableRawBufferPointer(mutating: buffer.bytes).baseAddress!.copyMemory(from: base, byteCount: source.count)
        }
        self.init(owner: buffer)
    }

    /// Allocates `byteCount` bytes (64-byte aligned), lets `body` fill them in place, and returns
    /// them as a blob. The producer writes the final bytes directly: nothing is copied afterwards.
    public init<E: Error>(
        byteCount: Int,
        initializingWith body: (UnsafeMutableRawBufferPointer) throws(E) -> Void
    ) throws(E) {
        let buffer = HeapBuffer(byteCount: byteCount)
        try body(UnsafeMutableRawBufferPointer(mutating: buffer.bytes))
        self.init(owner: buffer)
    }

    /// Whether two blobs hold the same bytes (compares contents, O(n)).
    public func hasSameBytes(as other: Blob) -> Bool {
        guard count == other.count else { return false }
        if count == 0 { return true }
        return withUnsafeBytes { a in
            other.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, count) == 0 }
        }
    }
}
