import DatasetSDK
import Synchronization

/// A custom storage scheme for tests: objects live in memory, and every write call's size is
/// recorded so that a test can see how a save streamed.
final class RecordingStorage: Storage {
    private let objects = Mutex<[String: Blob]>([:])
    private let writes = Mutex<[String: [Int]]>([:])

    /// The sizes of the blobs written to `path`, in order, by its last save.
    func writeSizes(_ path: String) -> [Int] { writes.withLock { $0[path] ?? [] } }

    func read(_ location: StorageLocation) async throws -> Blob {
        guard let blob = objects.withLock({ $0[location.path] }) else { throw StorageError.notFound(location.description) }
        return blob
    }

    func makeWriter(for location: StorageLocation) async throws -> any StorageWriter { Writer(storage: self, path: location.path) }

    func exists(_ location: StorageLocation) async throws -> Bool { objects.withLock { $0[location.path] != nil } }

    func remove(_ location: StorageLocation) async throws { _ = objects.withLock { $0.removeValue(forKey: location.path) } }

    func list(under prefix: StorageLocation) async throws -> [StorageLocation] {
        objects.withLock { Array($0.keys) }.filter { $0.hasPrefix(prefix.path) }.sorted().map { StorageLocation(scheme: prefix.scheme, path: $0) }
    }

    /// Copies every write (the caller may reuse its buffer) and publishes the joined bytes on commit.
    private final class Writer: StorageWriter {
        let storage: RecordingStorage
        let path: String
        var bytes: [UInt8] = []
        var sizes: [Int] = []

        init(storage: RecordingStorage, path: String) {
            self.storage = storage
            self.path = path
        }

        func write(_ blob: Blob) async throws {
            sizes.append(blob.count)
            blob.withUnsafeBytes { bytes.append(contentsOf: $0) }
        }

        func commit() async throws {
            let blob = Blob(copying: bytes)
            storage.objects.withLock { $0[path] = blob }
            storage.writes.withLock { $0[path] = sizes }
        }

        func abort() async { bytes = [] }
    }
}
