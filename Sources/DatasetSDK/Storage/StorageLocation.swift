/// Where a dataset's bytes live: a scheme and a scheme-specific path.
///
/// `s3://bucket/key`, `memory://name` and `file:///abs/path` name their scheme; a plain path
/// (`data/02_intermediate/frame.dso`) is a `file` location relative to the working directory.
///
/// ```swift
/// let location = try StorageLocation("s3://bench/y_train.dso")
/// print(location.scheme, location.path)   // s3 bench/y_train.dso
/// ```
public struct StorageLocation: Sendable, Hashable, CustomStringConvertible {
    /// Lower-case scheme: `file`, `s3`, `memory`, or a registered custom one.
    public let scheme: String
    /// Everything after `scheme://` (for `file`, the file-system path).
    public let path: String

    /// A location from its parts.
    public init(scheme: String, path: String) {
        self.scheme = scheme
        self.path = path
    }

    /// Parses a URL-like location or a plain file path.
    ///
    /// - Throws: ``StorageError/invalidLocation(_:reason:)`` for an empty string, a malformed
    ///   scheme or a scheme without a path.
    public init(_ string: String) throws(StorageError) {
        guard !string.isEmpty else { throw .invalidLocation(string, reason: "the location is empty") }
        guard let separator = string.firstRange(of: "://") else {
            self.init(scheme: "file", path: string)
            return
        }
        let scheme = string[..<separator.lowerBound].lowercased()
        let path = String(string[separator.upperBound...])
        guard let first = scheme.first, first.isLetter,
              scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." })
        else { throw .invalidLocation(string, reason: "'\(scheme)' is not a valid scheme") }
        guard !path.isEmpty else { throw .invalidLocation(string, reason: "nothing follows '\(scheme)://'") }
        self.init(scheme: scheme, path: path)
    }

    /// The location of `component` inside this one (joined with `/`).
    public func appending(_ component: String) -> StorageLocation {
        StorageLocation(scheme: scheme, path: path.hasSuffix("/") ? path + component : path + "/" + component)
    }

    /// The last path component.
    public var lastComponent: String { String(path.split(separator: "/").last ?? "") }

    /// `scheme://path`, or the plain path for files.
    public var description: String { scheme == "file" ? path : "\(scheme)://\(path)" }
}
