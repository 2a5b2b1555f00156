#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading or writing bytes at a storage location failed.
public enum StorageError: Error, Sendable, CustomStringConvertible {
    /// The location string cannot be understood.
    case invalidLocation(String, reason: String)
    /// Nothing is stored at the location.
    case notFound(String)
    /// A system call failed.
    case io(operation: String, path: String, errno: Int32)
    /// A backend-specific failure, described by the backend.
    case backend(scheme: String, location: String, message: String)

    public var description: String {
        switch self {
        case let .invalidLocation(location, reason):
            "invalid location '\(location)': \(reason)"
        case let .notFound(location):
            "nothing stored at '\(location)'"
        case let .io(operation, path, code):
            "\(operation) '\(path)' failed: \(String(cString: strerror(code)))\(Self.hint(for: code))"
        case let .backend(scheme, location, message):
            "\(scheme) storage, '\(location)': \(message)"
        }
    }

    private static func hint(for code: Int32) -> String {
        switch code {
        case ENOSPC: " (the file system is full: free space or choose another location)"
        case EACCES, EPERM: " (check the permissions of the file and its folder)"
        case EROFS: " (the file system is read-only)"
        default: ""
        }
    }
}
