import DatasetSDK

#if canImport(Glibc)
import Glibc
#endif

/// A segment file of the store mapped read-only; blobs loaded from the store are views of it and
/// keep it mapped. Its origin tells a later save which store and segment the bytes live in, so
/// the save references them instead of copying.
final class StoreSegment: BlobOwner, @unchecked Sendable {
    // @unchecked: the mapping is PROT_READ and never changes after init.
    let bytes: UnsafeRawBufferPointer
    let origin: BlobOrigin

    /// Maps `path` read-only; `storeID` and `key` form the origin.
    init(path: String, storeID: String, key: String) throws(StoreFileError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreFileError(operation: "open", path: path, code: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw StoreFileError(operation: "stat", path: path, code: errno) }
        let size = Int(info.st_size)
        origin = .store(store: storeID, key: key)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), address != MAP_FAILED else {
            throw StoreFileError(operation: "mmap", path: path, code: errno)
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}

/// A system call on a store file failed.
struct StoreFileError: Error, CustomStringConvertible {
    let operation: String
    let path: String
    let code: Int32

    var isMissing: Bool { code == ENOENT }
    var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
}
