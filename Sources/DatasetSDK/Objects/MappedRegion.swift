#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory mapping of a whole file; unmapped when the last view goes.
///
/// Mapping costs microseconds whatever the file size: pages are read on first touch. The mapping
/// stays valid if the file is later unlinked or replaced by rename.
public final class MappedRegion: BlobOwner, @unchecked Sendable {
    // @unchecked: the mapping is PROT_READ and never changes after init.
    public let bytes: UnsafeRawBufferPointer
    /// The mapped file's path.
    public let path: String

    /// Maps the file at `path` read-only.
    ///
    /// - Throws: ``StorageError/io(operation:path:errno:)`` when the file cannot be opened or mapped.
    public convenience init(path: String) throws(StorageError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        defer { close(fd) }
        try self.init(fileDescriptor: fd, path: path)
    }

    /// Maps the open file `fileDescriptor` read-only; the descriptor may be closed afterwards.
    public init(fileDescriptor fd: Int32, path: String, populate: Bool = false) throws(StorageError) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(operation: "stat", path: path, errno: errno) }
        let size = Int(info.st_size)
        self.path = path
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        var flags = MAP_SHARED
        #if os(Linux)
        if populate { flags |= MAP_POPULATE }
        #endif
        let address = mmap(nil, size, PROT_READ, flags, fd, 0)
        guard let address, address != MAP_FAILED else { throw .io(operation: "mmap", path: path, errno: errno) }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    public var origin: BlobOrigin { .mappedFile(path: path, offset: 0) }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
