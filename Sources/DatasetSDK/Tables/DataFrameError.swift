/// A data-frame operation was given columns, names or rows that do not fit.
public enum DataFrameError: Error, Sendable, CustomStringConvertible {
    /// No column has this name.
    case unknownColumn(String, available: [String])
    /// Two columns would have the same name.
    case duplicateColumn(String)
    /// A column, mask or bitmap has another number of rows than the frame.
    case lengthMismatch(column: String, expected: Int, found: Int)
    /// A column holds another type than the one asked for.
    case wrongKind(column: String?, expected: String, found: String)
    /// A tensor used as a column is not one-dimensional.
    case notOneDimensional(shape: [Int])
    /// Frames to concatenate have different columns or column types.
    case incompatibleFrames(String)
    /// A column's blobs do not form a valid column.
    case invalidColumn(column: String?, ObjectError)

    public var description: String {
        switch self {
        case let .unknownColumn(name, available):
            "no column named '\(name)'; the frame has \(available.count) columns: \(available.prefix(20).joined(separator: ", "))\(available.count > 20 ? ", ..." : "")"
        case let .duplicateColumn(name):
            "a column named '\(name)' already exists"
        case let .lengthMismatch(column, expected, found):
            "'\(column)' has \(found) rows but the frame has \(expected)"
        case let .wrongKind(column, expected, found):
            "\(column.map { "column '\($0)'" } ?? "column") holds \(found), not \(expected)"
        case let .notOneDimensional(shape):
            "a column must be one-dimensional, but the tensor has shape \(shape)"
        case let .incompatibleFrames(reason):
            "cannot concatenate frames: \(reason)"
        case let .invalidColumn(column, error):
            "\(column.map { "column '\($0)'" } ?? "column") is invalid: \(error)"
        }
    }
}
