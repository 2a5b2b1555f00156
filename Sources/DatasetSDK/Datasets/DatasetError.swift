/// A dataset could not be created, loaded or saved. Every case names the dataset.
public enum DatasetError: Error, Sendable, CustomStringConvertible {
    /// A required option is absent from the catalog entry.
    case missingOption(dataset: String, key: String, expected: String, source: String?)
    /// An option has the wrong kind or value.
    case invalidOption(dataset: String, key: String, expected: String, found: String, source: String?)
    /// An option this dataset type does not know (a typo?).
    case unknownOption(dataset: String, key: String, known: [String], source: String?)
    /// Nothing is stored for the dataset yet.
    case notFound(dataset: String, location: String)
    /// The stored object is not of the type asked for.
    case wrongType(dataset: String, expected: String, found: String)
    /// The dataset type cannot store this object.
    case unsupportedObject(dataset: String, datasetType: String, objectType: String, hint: String)
    /// Loading or saving failed; `underlying` says why.
    case failed(dataset: String, operation: String, underlying: any Error)

    public var description: String {
        switch self {
        case let .missingOption(dataset, key, expected, source):
            "\(Self.prefix(source))dataset '\(dataset)': missing '\(key)' (\(expected))"
        case let .invalidOption(dataset, key, expected, found, source):
            "\(Self.prefix(source))dataset '\(dataset)': '\(key)' must be \(expected), found \(found)"
        case let .unknownOption(dataset, key, known, source):
            "\(Self.prefix(source))dataset '\(dataset)': unknown option '\(key)'; known options: \(known.sorted().joined(separator: ", "))"
        case let .notFound(dataset, location):
            "dataset '\(dataset)': nothing saved at \(location) yet (run the node that produces it first)"
        case let .wrongType(dataset, expected, found):
            "dataset '\(dataset)': stored object is a \(found), not a \(expected)"
        case let .unsupportedObject(dataset, datasetType, objectType, hint):
            "dataset '\(dataset)': \(datasetType) cannot store a \(objectType); \(hint)"
        case let .failed(dataset, operation, underlying):
            "dataset '\(dataset)': \(operation) failed: \(underlying)"
        }
    }

    private static func prefix(_ source: String?) -> String { source.map { "\($0): " } ?? "" }
}
