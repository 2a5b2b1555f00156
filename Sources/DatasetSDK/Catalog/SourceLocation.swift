/// A place in a configuration file, for messages: `conf/base/catalog.yml:12:3`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file's path as the loader found it.
    public let file: String
    /// 1-based line.
    public let line: Int
    /// 1-based column.
    public let column: Int

    /// A location in `file`.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}
