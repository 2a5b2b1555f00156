/// Reading or writing CSV failed: malformed input, or options that do not fit.
///
/// Errors about the input name the source and a 1-based line and column (columns count
/// characters), in the form editors and compilers use:
///
/// ```text
/// data/train.csv:12:5: row has 80 fields, the header has 81
/// ```
public enum CSVError: Error, Sendable, CustomStringConvertible {
    /// A quoted field opened at `line`:`column` is never closed.
    case unterminatedQuote(source: String, line: Int, column: Int)
    /// A row has `found` fields where the header (or the first row) has `expected`. The position
    /// is the start of the first extra field, or the end of a short row.
    case wrongFieldCount(source: String, line: Int, column: Int, expected: Int, found: Int)
    /// The input holds no line to take the columns from.
    case emptyInput(source: String)
    /// Two header fields have the same name; the position is the second one.
    case duplicateHeader(source: String, name: String, line: Int, column: Int)
    /// An option or a load/save argument is unknown or has a value that does not fit.
    case invalidOption(key: String, reason: String)

    /// The message, starting with `source:line:column:` where the error has a position.
    public var description: String {
        switch self {
        case let .unterminatedQuote(source, line, column):
            "\(source):\(line):\(column): quoted field is never closed (missing closing quote)"
        case let .wrongFieldCount(source, line, column, expected, found):
            "\(source):\(line):\(column): row has \(found) field\(found == 1 ? "" : "s"), the header has \(expected)"
        case let .emptyInput(source):
            "\(source): the input is empty, there is no line to take the column names from"
        case let .duplicateHeader(source, name, line, column):
            "\(source):\(line):\(column): the header names column '\(name)' twice"
        case let .invalidOption(key, reason):
            "invalid CSV option '\(key)': \(reason)"
        }
    }
}

extension CSVError {
    /// The 1-based line and column of byte `offset` in `bytes`. Columns count Unicode scalars
    /// (UTF-8 lead bytes), not counting a byte order mark. O(offset): only for errors.
    static func position(of offset: Int, in bytes: UnsafeRawBufferPointer) -> (line: Int, column: Int) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = CSVReader.byteOrderMarkLength(bytes)
        var index = 0
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)) {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        var column = 1
        if lineStart < end {
            for index in lineStart..<end where bytes[index] & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }
}
