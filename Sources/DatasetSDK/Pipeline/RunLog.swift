#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where runners write their progress lines.
///
/// ```swift
/// let runner = SequentialRunner(log: RunLog.standardError)   // the default
/// let quiet = SequentialRunner(log: RunLog.silent)
/// ```
public enum RunLog {
    /// Writes the line and a newline to file descriptor 2 with one `write(2)` call per attempt,
    /// so lines from concurrent nodes do not interleave (Swift's `stderr` global is not
    /// concurrency-safe in Swift 6).
    public static let standardError: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.withUnsafeBytes { raw in try? POSIX.writeAll(2, raw) }
    }

    /// Drops every line.
    public static let silent: @Sendable (String) -> Void = { _ in }
}
