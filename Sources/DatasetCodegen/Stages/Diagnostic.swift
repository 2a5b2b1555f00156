/// A problem found in a `.proto` file, at the place it was found.
///
/// Rendered as `path:line:column: error: message`, the form SwiftPM and editors show in place.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// The `.proto` file, as a path on disk when known (else as protoc names it).
    public var file: String
    /// 1-based line, 0 when unknown.
    public var line: Int
    /// 1-based column, 0 when unknown.
    public var column: Int
    /// What is wrong and, where possible, how to fix it.
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(file):\(line):\(column): error: \(message)" : "\(file): error: \(message)"
    }
}
