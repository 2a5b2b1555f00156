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
    private let mapping: FileMapping
    /// The mapped file's path.
    public let path: String

    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(mapping.bytes) }

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
        do { mapping = try FileMapping(fileDescriptor: fd, populate: populate) } catch {
            throw .io(operation: error.call, path: path, errno: error.code)
        }
        self.path = path
    }

    public var origin: BlobOrigin { .mappedFile(path: path, offset: 0) }
}
