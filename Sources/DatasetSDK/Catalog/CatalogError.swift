/// A configuration folder, a catalog entry or a catalog operation is wrong. Every case says where
/// (file, line and column when known), which dataset or key, and what was expected.
public enum CatalogError: Error, Sendable, CustomStringConvertible {
    /// The conf folder or the environment folder does not exist.
    case missingFolder(String, hint: String)
    /// A YAML file does not parse.
    case yamlSyntax(location: SourceLocation, problem: String)
    /// A file's top level, an entry or a key has the wrong shape.
    case invalidEntry(location: SourceLocation, dataset: String?, problem: String)
    /// A top-level key is defined twice in one environment.
    case duplicateKey(String, first: SourceLocation, second: SourceLocation)
    /// `${...}` names something that does not resolve (in `dataset`'s entry or credentials, when it is one).
    case unresolvedInterpolation(location: SourceLocation, dataset: String?, expression: String, problem: String)
    /// No entry and no pattern matches the dataset.
    case unknownDataset(String, known: [String], suggestion: String?)
    /// The entry names credentials that are not defined.
    case missingCredentials(dataset: String, credentials: String, location: SourceLocation, known: [String])
    /// More than one catch-all pattern, each with where it is written.
    case multipleCatchAllPatterns([(pattern: String, location: SourceLocation)])
    /// A versioned dataset has no saved version, or not the pinned one.
    case versionNotFound(dataset: String, version: String?, location: String)
    /// Saving would overwrite an existing version.
    case versionExists(dataset: String, version: String, location: String)
    /// A `--params` or `--load-versions` argument is malformed.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .missingFolder(path, hint):
            "configuration folder '\(path)' does not exist; \(hint)"
        case let .yamlSyntax(location, problem):
            "\(location): error: invalid YAML: \(problem)"
        case let .invalidEntry(location, dataset, problem):
            "\(location): error: \(dataset.map { "dataset '\($0)': " } ?? "")\(problem)"
        case let .duplicateKey(key, first, second):
            "\(second): error: '\(key)' is already defined at \(first); an environment may define a key once (rename one, or move it to another environment)"
        case let .unresolvedInterpolation(location, dataset, expression, problem):
            "\(location): error: \(dataset.map { "dataset '\($0)': " } ?? "")cannot resolve '${\(expression)}': \(problem)"
        case let .unknownDataset(name, known, suggestion):
            "no catalog entry or pattern matches dataset '\(name)'\(suggestion.map { "; did you mean '\($0)'?" } ?? "")\(known.isEmpty ? "" : "; entries: \(known.prefix(30).joined(separator: ", "))")"
        case let .missingCredentials(dataset, credentials, location, known):
            "\(location): error: dataset '\(dataset)' uses credentials '\(credentials)', which no credentials*.yml defines\(known.isEmpty ? "" : " (defined: \(known.joined(separator: ", ")))")"
        case let .multipleCatchAllPatterns(patterns):
            "\(patterns.last.map { "\($0.location): " } ?? "")error: the catalog has more than one catch-all pattern (\(patterns.map { "'\($0.pattern)' at \($0.location)" }.joined(separator: ", "))); keep one"
        case let .versionNotFound(dataset, version, location):
            version.map { "dataset '\(dataset)': version '\($0)' does not exist under \(location)" }
                ?? "dataset '\(dataset)': no saved version under \(location) yet"
        case let .versionExists(dataset, version, location):
            "dataset '\(dataset)': version '\(version)' already exists under \(location); versions are never overwritten"
        case let .invalidArgument(problem):
            problem
        }
    }
}
