import DatasetSDK

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on one object id among the processes of a node (`flock` on
/// `<store>/locks/<id>`), so concurrent loaders of a missing object download it once. Waiting
/// polls without blocking a thread; the kernel releases the lock of a killed holder.
final class ObjectLock {
    private let fd: Int32

    static func acquire(_ folder: String, id: ObjectID) async throws -> ObjectLock {
        try StoreLayout.prepareFolder(folder)
        let file = "\(folder)/\(id)"
        let fd = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.unusable(store: folder, reason: "\(SystemCallError("open", path: file))") }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let error = SystemCallError("flock", path: file)
                close(fd)
                throw StoreError.unusable(store: folder, reason: "\(error)")
            }
            do { try await Task.sleep(for: .milliseconds(5)) } catch {
                close(fd)
                throw error
            }
        }
        return ObjectLock(fd: fd)
    }

    private init(fd: Int32) { self.fd = fd }

    /// Releases the lock (closing the descriptor does).
    deinit { close(fd) }
}
