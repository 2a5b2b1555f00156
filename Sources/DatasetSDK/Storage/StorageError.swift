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
            "\(operation) '\(path)' failed: \(SystemCallError.message(for: code))\(SystemCallError.hint(for: code))"
        case let .backend(scheme, location, message):
            "\(scheme) storage, '\(location)': \(message)"
        }
    }
}
