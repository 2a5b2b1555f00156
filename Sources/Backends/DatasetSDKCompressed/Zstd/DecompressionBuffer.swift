import DatasetSDK

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Anonymous memory that a decompressor fills in place: page-aligned (so 64-byte aligned, as
/// container blobs need), grown by doubling (only frames without a recorded size need that), and finally handed out as
/// the immutable owner of the decompressed container's bytes.
///
/// Pages are faulted in only when written, so reserving the declared content size costs nothing
/// until the bytes arrive. (Transparent huge pages are not requested: with this kernel's
/// `defrag: madvise` policy, `MADV_HUGEPAGE` made decompressing 1 GiB 1.5-2.5x slower, measured.)
final class DecompressionBuffer {
    /// The start of the mapping (moves when ``grow(to:)`` grows it).
    private(set) var base: UnsafeMutableRawPointer
    /// Bytes mapped, a multiple of the page size.
    private(set) var capacity: Int
    private var handedOut = false

    /// Maps at least `minimumCapacity` bytes, or returns nil when the system refuses.
    init?(minimumCapacity: Int) {
        let length = Self.pageRounded(max(minimumCapacity, 1))
        guard let pointer = Self.map(length) else { return nil }
        base = pointer
        capacity = length
    }

    deinit { if !handedOut { munmap(base, capacity) } }

    /// Enlarges the mapping to at least `minimumCapacity` bytes, keeping its content; false when
    /// the system refuses (the buffer is then unchanged).
    func grow(to minimumCapacity: Int) -> Bool {
        let length = Self.pageRounded(minimumCapacity)
        guard length > capacity else { return true }
        guard let moved = Self.map(length) else { return false }
        moved.copyMemory(from: base, byteCount: capacity)
        munmap(base, capacity)
        base = moved
        capacity = length
        return true
    }

    /// The first `count` bytes as a blob owner; the unused tail of the mapping is released. The
    /// buffer must not be written afterwards.
    func finish(count: Int) -> any BlobOwner {
        precondition(count <= capacity && !handedOut, "finished twice or past the end")
        let used = Self.pageRounded(max(count, 1))
        if used < capacity { munmap(base + used, capacity - used) }
        handedOut = true
        return DecompressedBytes(base: base, mappedLength: used, count: count)
    }

    private static func map(_ length: Int) -> UnsafeMutableRawPointer? {
        let pointer = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let pointer, pointer != MAP_FAILED else { return nil }
        return pointer
    }

    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    private static func pageRounded(_ count: Int) -> Int {
        let (sum, overflow) = count.addingReportingOverflow(pageSize - 1)
        return overflow ? Int.max / pageSize * pageSize : sum / pageSize * pageSize
    }
}

/// The bytes of a decompressed container: an anonymous mapping unmapped with its last view.
private final class DecompressedBytes: BlobOwner, @unchecked Sendable {
    // @unchecked: the bytes were written by the decompressor before this owner existed and are
    // never written again.
    let bytes: UnsafeRawBufferPointer
    private let mappedLength: Int

    init(base: UnsafeMutableRawPointer, mappedLength: Int, count: Int) {
        bytes = UnsafeRawBufferPointer(start: base, count: count)
        self.mappedLength = mappedLength
    }

    var origin: BlobOrigin { .heap }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress!), mappedLength) }
}
