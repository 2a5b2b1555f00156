import Synchronization

/// Process-local storage (`memory://name`): objects live as blobs in this process and vanish
/// with it. Useful for tests and for handing bytes between datasets of one run.
public final class MemoryStorage: Storage {
    /// The storage every `memory://` location of this process resolves to by default.
    public static let shared = MemoryStorage()

    private let objects = Mutex<[String: Blob]>([:])

    /// An empty storage.
    public init() {}

    public func read(_ location: StorageLocation) async throws -> Blob {
        guard let blob = objects.withLock({ $0[location.path] }) else { throw StorageError.notFound(location.description) }
        return blob
    }

    public func makeWriter(for location: StorageLocation) async throws -> any StorageWriter {
        MemoryWriter(storage: self, key: location.path)
    }

    public func exists(_ location: StorageLocation) async throws -> Bool {
        objects.withLock { $0[location.path] != nil }
    }

    public func remove(_ location: StorageLocation) async throws {
        _ = objects.withLock { $0.removeValue(forKey: location.path) }
    }

    public func list(under prefix: StorageLocation) async throws -> [StorageLocation] {
        let start = prefix.path.hasSuffix("/") ? prefix.path : prefix.path + "/"
        return objects.withLock { Array($0.keys) }
            .filter { $0.hasPrefix(start) || $0 == prefix.path }
            .sorted()
            .map { StorageLocation(scheme: prefix.scheme, path: $0) }
    }

    fileprivate func store(_ blob: Blob, at key: String) {
        objects.withLock { $0[key] = blob }
    }
}

/// Collects the written blobs and joins them into one buffer on commit.
private final class MemoryWriter: StorageWriter {
    private let storage: MemoryStorage
    private let key: String
    private var parts: [Blob] = []

    init(storage: MemoryStorage, key: String) {
        self.storage = storage
        self.key = key
    }

    func write(_ blob: Blob) async throws { parts.append(blob) }

    func commit() async throws {
        let total = parts.reduce(0) { $0 + $1.count }
        let joined = Blob(byteCount: total) { target in
            var at = 0
            for part in parts {
                part.withUnsafeBytes { source in
                    if source.count > 0 { (target.baseAddress! + at).copyMemory(from: source.baseAddress!, byteCount: source.count) }
                }
                at += part.count
            }
        }
        parts = []
        storage.store(joined, at: key)
    }

    func abort() async { parts = [] }
}
