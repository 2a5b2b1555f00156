/// What went wrong in the house-prices example: in a node, its parameters or its tools.
public enum MLOpsError: Error, Sendable, CustomStringConvertible {
    /// A parameter is missing or has the wrong type.
    case invalidParameter(String, expected: String, found: String)
    /// A parameter names a column the frame does not have.
    case unknownColumn(String, parameter: String, available: [String])
    /// A column holds a type this operation cannot work on.
    case unsupportedColumn(column: String, kind: String, operation: String)
    /// A command-line value is malformed.
    case invalidOption(String, value: String, expected: String)
    /// A benchmark or export step failed.
    case failed(String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, expected, found):
            "parameter '\(name)' must be \(expected), found \(found) (conf/base/parameters.yml or --params)"
        case let .unknownColumn(column, parameter, available):
            "parameter '\(parameter)' names column '\(column)', which the frame does not have; columns: \(available.prefix(12).joined(separator: ", "))\(available.count > 12 ? ", ..." : "")"
        case let .unsupportedColumn(column, kind, operation):
            "cannot \(operation) column '\(column)': it holds \(kind)"
        case let .invalidOption(option, value, expected):
            "\(option): '\(value)' is not \(expected)"
        case let .failed(message):
            message
        }
    }
}
