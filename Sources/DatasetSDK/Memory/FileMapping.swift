#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A shared mapping of a whole file, unmapped when the mapping goes: the one `mmap` of the SDK
/// (``MappedRegion``, the store's segments and allocations, tier downloads all hold one).
package final class FileMapping: @unchecked Sendable {
    // @unchecked: the address and size never change; writes through a writable mapping are the
    // owner's business (it fills the bytes before sharing them, then calls `makeReadOnly`).
    /// The mapped bytes (empty, with a nil base, for an empty file).
    package let bytes: UnsafeMutableRawBufferPointer

    /// Maps `count` bytes of `fd` (the file's size when nil) shared, read-only unless `writable`;
    /// `populate` reads every page in now (`MAP_POPULATE`). The descriptor may be closed afterwards.
    package init(fileDescriptor fd: Int32, count: Int? = nil, writable: Bool = false, populate: Bool = false) throws(SystemCallError) {
        var size = count ?? 0
        if count == nil {
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw SystemCallError("fstat") }
            size = Int(info.st_size)
        }
        guard size > 0 else {
            bytes = UnsafeMutableRawBufferPointer(start: nil, count: 0)
            return
        }
        var flags = MAP_SHARED
        if populate { flags |= MAP_POPULATE }
        let address = mmap(nil, size, writable ? PROT_READ | PROT_WRITE : PROT_READ, flags, fd, 0)
        guard let address, address != MAP_FAILED else { throw SystemCallError("mmap") }
        bytes = UnsafeMutableRawBufferPointer(start: address, count: size)
    }

    /// Maps the file at `path` read-only.
    package convenience init(path: String) throws(SystemCallError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError("open", path: path) }
        defer { close(fd) }
        do { try self.init(fileDescriptor: fd) } catch { throw error.at(path) }
    }

    /// Makes a writable mapping read-only (after it has been filled).
    package func makeReadOnly() {
        if let base = bytes.baseAddress { mprotect(base, bytes.count, PROT_READ) }
    }

    deinit {
        if let base = bytes.baseAddress { munmap(base, bytes.count) }
    }
}
