#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Local files (`file://` and plain paths). Reads map the file read-only (O(1), zero-copy);
/// writes go to a temporary file in the same folder that is renamed over the target on commit,
/// so a crashed writer never leaves a torn file behind.
public struct FileStorage: Storage {
    /// Whether a commit calls `fsync` on the file and its folder before returning (slower; survives
    /// power loss, not only process crashes).
    public var durable: Bool

    /// A file storage; `durable` makes every commit call `fsync`.
    public init(durable: Bool = false) { self.durable = durable }

    public func read(_ location: StorageLocation) async throws -> Blob {
        let path = location.path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw code == ENOENT ? StorageError.notFound(location.description) : StorageError.io(operation: "open", path: path, errno: code)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw StorageError.io(operation: "stat", path: path, errno: errno) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw StorageError.invalidLocation(path, reason: "not a regular file")
        }
        return Blob(owner: try MappedRegion(fileDescriptor: fd, path: path))
    }

    public func makeWriter(for location: StorageLocation) async throws -> any StorageWriter {
        try FileWriter(path: location.path, durable: durable)
    }

    public func exists(_ location: StorageLocation) async throws -> Bool {
        FileSystem.isRegularFile(location.path)
    }

    public func remove(_ location: StorageLocation) async throws {
        guard unlink(location.path) == 0 || errno == ENOENT else {
            throw StorageError.io(operation: "remove", path: location.path, errno: errno)
        }
    }

    public func list(under prefix: StorageLocation) async throws -> [StorageLocation] {
        var found: [String] = []
        try Self.walk(prefix.path, into: &found)
        return found.sorted().map { StorageLocation(scheme: "file", path: $0) }
    }

    private static func walk(_ path: String, into found: inout [String]) throws {
        guard FileSystem.isDirectory(path) else { return }
        for name in FileSystem.entries(of: path) {
            let child = path.hasSuffix("/") ? path + name : path + "/" + name
            if FileSystem.isDirectory(child) { try walk(child, into: &found) } else if FileSystem.isRegularFile(child) { found.append(child) }
        }
    }

    /// Creates `path` and its missing parents (mode 0777 before umask).
    static func createDirectories(_ path: String) throws(StorageError) {
        if path.isEmpty || path == "/" || path == "." { return }
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else { throw .invalidLocation(path, reason: "exists and is not a folder") }
            return
        }
        try createDirectories(parent(of: path))
        guard mkdir(path, 0o777) == 0 || errno == EEXIST else { throw .io(operation: "create folder", path: path, errno: errno) }
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// Writes to `.<name>.<random>.tmp` next to the target and renames it over the target on commit.
final class FileWriter: StorageWriter {
    private let path: String
    private let temporaryPath: String
    private let durable: Bool
    private var fd: Int32

    init(path: String, durable: Bool) throws(StorageError) {
        guard !path.hasSuffix("/"), !path.isEmpty else { throw .invalidLocation(path, reason: "a file path must name a file") }
        let folder = FileStorage.parent(of: path)
        try FileStorage.createDirectories(folder)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        self.path = path
        self.durable = durable
        temporaryPath = (folder == "." && !path.hasPrefix("./") ? "" : folder + "/") + ".\(name).\(UInt64.random(in: 0...UInt64.max) & 0xffff_ffff).tmp"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(operation: "create", path: temporaryPath, errno: errno) }
    }

    func write(_ blob: Blob) async throws {
        try blob.withUnsafeBytes { (raw) throws(StorageError) in try writeAll(raw) }
    }

    /// Appends `bytes` without suspending (for small files written from synchronous code).
    func writeSynchronously(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in try writeAll(raw) }
    }

    private func writeAll(_ raw: UnsafeRawBufferPointer) throws(StorageError) {
        do { try POSIX.writeAll(fd, raw) } catch { throw .io(operation: "write", path: temporaryPath, errno: error.code) }
    }

    func commit() async throws { try commitSynchronously() }

    /// Renames the temporary file over the target (after `fsync` when durable).
    func commitSynchronously() throws(StorageError) {
        if durable, fsync(fd) != 0 { throw .io(operation: "fsync", path: temporaryPath, errno: errno) }
        close(fd)
        fd = -1
        guard rename(temporaryPath, path) == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw .io(operation: "rename into", path: path, errno: code)
        }
        if durable {
            let folder = open(FileStorage.parent(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if folder >= 0 { fsync(folder); close(folder) }
        }
    }

    func abort() async { discard() }

    private func discard() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
        unlink(temporaryPath)
    }

    deinit { discard() }
}
