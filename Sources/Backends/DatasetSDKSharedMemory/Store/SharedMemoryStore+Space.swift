import DatasetSDK

#if canImport(Glibc)
import Glibc
#endif

extension SharedMemoryStore {
    /// Unlinks segment files. Processes that mapped them keep their views: an unlinked file
    /// stays mapped until the last mapping goes.
    func removeSegmentFiles(_ segments: [String]) {
        for segment in segments { unlink("\(path)/segments/\(segment)") }
    }

    /// Bytes held by segments plus bytes reserved by saves in progress.
    func usedBytes() throws -> Int { try database.usedBytes() }

    /// Size of the file system holding the store.
    func fileSystemCapacity() -> Int {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return 0 }
        return Int(info.f_blocks) * Int(info.f_frsize)
    }

    /// Free bytes on the file system holding the store.
    func fileSystemFree() -> Int {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return 0 }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }
}
