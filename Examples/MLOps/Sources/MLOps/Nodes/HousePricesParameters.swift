import DatasetSDK

/// Reading the pipeline's parameters (`conf/base/parameters.yml`, overridden by `--params`) with
/// errors that name the parameter.
enum Parameters {
    static func strings(_ value: Value, name: String) throws -> [String] {
        guard let list = value.listValue else { throw MLOpsError.invalidParameter(name, expected: "a list of column names", found: value.kindName) }
        return try list.map { item in
            guard let string = item.stringValue else { throw MLOpsError.invalidParameter(name, expected: "a list of column names", found: "a list holding \(item.kindName)") }
            return string
        }
    }

    static func number(_ value: Value, name: String) throws -> Double {
        if let number = value.doubleValue { return number }
        if let text = value.stringValue, let number = Double(text) { return number }
        throw MLOpsError.invalidParameter(name, expected: "a number", found: value.kindName)
    }

    /// The augmentation multiplier: `params:multiplier` (from `--params multiplier=N` or the
    /// `DATA_AUGMENT_MULTIPLIER` variable through parameters.yml), a whole number of at least 1.
    static func multiplier(_ value: Value) throws -> Int {
        let number: Int? = switch value {
        case .null: 1
        case let .string(text): Int(text.trimmingCharacters(in: .whitespaces))
        default: value.intValue
        }
        guard let number, number >= 1 else {
            throw MLOpsError.invalidParameter("multiplier", expected: "a whole number of at least 1", found: "\(value)")
        }
        return number
    }

    /// The column `name` of `frame`, or an error naming the parameter that asked for it.
    static func column(_ name: String, of frame: DataFrame, parameter: String) throws -> Column {
        guard let column = frame[name] else { throw MLOpsError.unknownColumn(name, parameter: parameter, available: frame.columnNames) }
        return column
    }
}
