#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A 64-byte aligned heap allocation that owns its bytes and frees them when the last view goes.
public final class HeapBuffer: BlobOwner, @unchecked Sendable {
    // @unchecked: the bytes are written only by the creator before the buffer is shared
    // (see `Blob.init(byteCount:initializingWith:)`), and never after.
    public let bytes: UnsafeRawBufferPointer

    /// Allocates `byteCount` uninitialised bytes, aligned to 64 bytes.
    public init(byteCount: Int) {
        precondition(byteCount >= 0, "negative byte count")
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 64)
        bytes = UnsafeRawBufferPointer(start: raw, count: byteCount)
    }

    public var origin: BlobOrigin { .heap }

    deinit {
        UnsafeMutableRawPointer(mutating: bytes.baseAddress!).deallocate()
    }
}
