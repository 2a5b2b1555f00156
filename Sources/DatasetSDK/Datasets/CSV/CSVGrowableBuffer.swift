#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A growing `malloc` allocation that a CSV column is built in; when the column is complete its
/// bytes become a ``Blob`` without being copied (the allocation is shrunk in place and handed to
/// a ``CSVMallocOwner``).
final class CSVGrowableBuffer {
    /// Start of the allocation; changes when the buffer grows.
    private(set) var base: UnsafeMutableRawPointer
    /// Bytes allocated.
    private(set) var capacity: Int
    /// Bytes in use.
    var count = 0

    /// An empty buffer with room for `capacity` bytes.
    init(capacity: Int = 64) {
        self.capacity = max(capacity, 16)
        base = Self.allocate(self.capacity)
    }

    deinit { free(base) }

    /// Makes room for at least `needed` bytes in total. Grows geometrically (x1.5),
    /// so appending is amortised O(1); large buffers grow by remapping, without a copy.
    @inline(__always)
    func reserve(_ needed: Int) {
        if needed > capacity { grow(to: needed) }
    }

    /// Appends `length` bytes from `source`.
    @inline(__always)
    func append(_ source: UnsafeRawPointer, length: Int) {
        reserve(count + length)
        if length > 0 { (base + count).copyMemory(from: source, byteCount: length) }
        count += length
    }

    /// Appends `length` bytes from `source`, where the 16 bytes from `source` may be read even
    /// when `length` is smaller (`source + 16 <= readable`): short texts are then copied as two
    /// 8-byte words instead of through `memmove`.
    @inline(__always)
    func append(_ source: UnsafeRawPointer, length: Int, readable: UnsafeRawPointer) {
        guard length <= 16 && source + 16 <= readable else { return append(source, length: length) }
        reserve(count + 16)
        let target = base + count
        target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
        target.storeBytes(of: source.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
        count += length
    }

    /// Appends the bytes of one fixed-width value.
    @inline(__always)
    func append<T: BitwiseCopyable>(_ value: T) {
        reserve(count + MemoryLayout<T>.size)
        (base + count).storeBytes(of: value, as: T.self)
        count += MemoryLayout<T>.size
    }

    /// Empties the buffer, keeping the allocation.
    func removeAll() { count = 0 }

    /// The bytes in use as a blob, without copying; the buffer is left empty.
    func takeBlob() -> Blob {
        let shrunk = realloc(base, max(count, 1)) ?? base
        let owner = CSVMallocOwner(start: shrunk, count: count)
        capacity = 16
        count = 0
        base = Self.allocate(capacity)
        return Blob(owner: owner)
    }

    @inline(never)
    private func grow(to needed: Int) {
        let newCapacity = max(needed, capacity + capacity / 2, 64)
        guard let moved = realloc(base, newCapacity) else { fatalError("out of memory growing a CSV column to \(newCapacity) bytes") }
        base = moved
        capacity = newCapacity
    }

    private static func allocate(_ byteCount: Int) -> UnsafeMutableRawPointer {
        guard let start = malloc(byteCount) else { fatalError("out of memory allocating \(byteCount) bytes") }
        return start
    }
}

/// A `malloc` allocation that blobs view; freed when the last view goes.
final class CSVMallocOwner: BlobOwner, @unchecked Sendable {
    // @unchecked: the bytes are written by the CSV reader before the owner is created and
    // never after.
    let bytes: UnsafeRawBufferPointer

    init(start: UnsafeMutableRawPointer, count: Int) {
        bytes = UnsafeRawBufferPointer(start: start, count: count)
    }

    var origin: BlobOrigin { .heap }

    deinit { free(UnsafeMutableRawPointer(mutating: bytes.baseAddress)) }
}
