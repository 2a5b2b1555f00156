import DatasetSDK

#if canImport(Glibc)
import Glibc
#endif

/// Paths, permissions and name rules of a store folder:
///
/// ```
/// <store>/store.sqlite      metadata (WAL)
/// <store>/segments/<key>    sealed (0400) segment files holding blobs
/// <store>/tmp/<pid>-<token>/ segments being written by a live process
/// ```
enum StoreLayout {
    /// The default store: `$DATASETS_SHM_STORE`, else `/dev/shm/datasetsdk-<uid>/default`.
    static var defaultPath: String {
        if let path = getenv("DATASETS_SHM_STORE").map({ String(cString: $0) }), !path.isEmpty { return path }
        return "/dev/shm/datasetsdk-\(getuid())/default"
    }

    static let maximumNameLength = 255

    /// Throws unless `name` is a usable object name: not empty, at most 255 bytes, no `/`, no
    /// NUL or control characters, not `.` or `..`.
    static func validate(_ name: String) throws(StoreError) {
        if name.isEmpty { throw .invalidName(name, reason: "it is empty") }
        if name.utf8.count > maximumNameLength { throw .invalidName(String(name.prefix(40)) + "...", reason: "it is longer than \(maximumNameLength) bytes") }
        var previous: UInt8 = 0
        for byte in name.utf8 {
            if byte == UInt8(ascii: "."), previous == UInt8(ascii: ".") { throw .invalidName(name, reason: "'..' is not allowed") }
            if byte == UInt8(ascii: "/") { throw .invalidName(name, reason: "'/' is not allowed") }
            if byte < 0x20 || byte == 0x7f { throw .invalidName(name.debugDescription, reason: "control characters are not allowed") }
            previous = byte
        }
        if name == "." { throw .invalidName(name, reason: "'.' is not allowed") }
    }

    /// Creates `path` (and missing parents) with mode 0700; an existing store folder must be a
    /// folder owned by this user, and is tightened to 0700.
    static func prepareFolder(_ path: String) throws(StoreError) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else { throw .unusable(store: path, reason: "it exists and is not a folder") }
            guard info.st_uid == getuid() else { throw .unusable(store: path, reason: "it belongs to user \(info.st_uid), not to this user (\(getuid()))") }
            if info.st_mode & 0o077 != 0 { chmod(path, 0o700) }
            return
        }
        let parent = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !parent.isEmpty { try prepareFolder(parent) }
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
            throw .unusable(store: path, reason: "cannot create the folder: \(String(cString: strerror(errno)))")
        }
    }

    /// A random key of 32 hexadecimal digits.
    static func newKey() -> String {
        ObjectID.random().description
    }

    /// `segment@offset`, the store key of a blob.
    static func blobKey(segment: String, offset: Int) -> String { "\(segment)@\(offset)" }

    /// The segment and offset of a blob key in exactly the documented form
    /// (docs/shared-memory.md): 32 lowercase hexadecimal digits, `@`, the offset in decimal ASCII
    /// digits without sign or leading zeros; `nil` for anything else.
    static func parseBlobKey(_ key: String) -> (segment: String, offset: Int)? {
        let bytes = Array(key.utf8)
        guard bytes.count >= 34, bytes[32] == UInt8(ascii: "@") else { return nil }
        let segment = bytes[..<32], digits = bytes[33...]
        guard segment.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }),
              digits.allSatisfy({ (0x30...0x39).contains($0) }), digits.first != 0x30 || digits.count == 1,
              let offset = Int(String(decoding: digits, as: UTF8.self)) else { return nil }
        return (String(decoding: segment, as: UTF8.self), offset)
    }

    /// Seconds since 1970, for the database's timestamps.
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
