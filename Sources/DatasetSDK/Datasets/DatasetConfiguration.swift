/// A catalog entry as a dataset type sees it: the dataset's name, its options, its credentials
/// and the registry to resolve storage schemes with.
///
/// Accessors check kinds and throw ``DatasetError`` naming the dataset, the key, what was
/// expected and (when the catalog knows it) the file and line of the entry.
public struct DatasetConfiguration: Sendable {
    /// The dataset's name in the catalog.
    public let name: String
    /// The entry's options, without `type`.
    public let options: [String: Value]
    /// The resolved `credentials:` entry, if any. Never print it.
    public let credentials: Credentials?
    /// The registry that created the dataset; resolves storage schemes.
    public let registry: Registry
    /// Where the entry is defined (`conf/base/catalog.yml:12`), for messages.
    public let source: String?
    /// The path of these options inside the entry (`load_args.` for ``nested(_:)``), for messages.
    let keyPrefix: String

    /// A configuration for dataset `name`.
    public init(name: String, options: [String: Value] = [:], credentials: Credentials? = nil, registry: Registry = .standard, source: String? = nil) {
        self.name = name
        self.options = options
        self.credentials = credentials
        self.registry = registry
        self.source = source
        keyPrefix = ""
    }

    private init(nesting options: [String: Value], under key: String, in parent: DatasetConfiguration) {
        name = parent.name
        self.options = options
        credentials = parent.credentials
        registry = parent.registry
        source = parent.source
        keyPrefix = parent.keyPrefix + key + "."
    }

    /// The map option `key` (such as `load_args`) as a configuration of its own, so that its
    /// errors name `key.option`.
    public func nested(_ key: String) throws(DatasetError) -> DatasetConfiguration {
        DatasetConfiguration(nesting: try map(key), under: key, in: self)
    }

    /// Throws unless every option is one of `known` (catches typos such as `filpath`).
    public func requireKnownOptions(_ known: Set<String>) throws(DatasetError) {
        for key in options.keys.sorted() where !known.contains(key) {
            throw .unknownOption(dataset: name, key: keyPrefix + key, known: known.map { keyPrefix + $0 }, source: source)
        }
    }

    /// The string option `key`, or nil when absent.
    public func string(_ key: String) throws(DatasetError) -> String? {
        guard let value = options[key] else { return nil }
        guard let string = value.stringValue else { throw invalid(key, expected: "a string", found: value) }
        return string
    }

    /// The Bool option `key`, or `defaultValue` when absent.
    public func bool(_ key: String, default defaultValue: Bool) throws(DatasetError) -> Bool {
        guard let value = options[key] else { return defaultValue }
        guard let bool = value.boolValue else { throw invalid(key, expected: "true or false", found: value) }
        return bool
    }

    /// The map option `key` (such as `load_args`), or an empty map when absent.
    public func map(_ key: String) throws(DatasetError) -> [String: Value] {
        guard let value = options[key] else { return [:] }
        if value.isNull { return [:] }
        guard let map = value.mapValue else { throw invalid(key, expected: "a mapping", found: value) }
        return map
    }

    /// The `filepath` option parsed as a location.
    public func location(key: String = "filepath") throws(DatasetError) -> StorageLocation {
        guard let path = try string(key) else {
            throw .missingOption(dataset: name, key: keyPrefix + key, expected: "a path or URL such as data/01_raw/x.dso or s3://bucket/x.dso", source: source)
        }
        do { return try StorageLocation(path) } catch {
            throw .invalidOption(dataset: name, key: keyPrefix + key, expected: "a path or URL", found: "'\(path)' (\(error))", source: source)
        }
    }

    /// The storage for `location`'s scheme from the registry, configured with this entry's
    /// credentials and `fs_args` options, plus `overrides` (which win over `fs_args`).
    public func storage(for location: StorageLocation, overrides: [String: Value] = [:]) throws -> any Storage {
        let options = try map("fs_args").merging(overrides) { _, override in override }
        return try registry.storage(for: location.scheme, configuration: StorageConfiguration(
            dataset: name, options: options, credentials: credentials))
    }

    /// A ``DatasetError/invalidOption(dataset:key:expected:found:source:)`` for `key`.
    public func invalid(_ key: String, expected: String, found: Value) -> DatasetError {
        .invalidOption(dataset: name, key: keyPrefix + key, expected: expected, found: "\(found.kindName) \(found)", source: source)
    }
}

/// Secret settings from `credentials.yml`. Their description never shows values.
public struct Credentials: Sendable, CustomStringConvertible {
    /// The credentials entry's name.
    public let name: String
    /// The entry's values (keys such as `aws_access_key_id`).
    public let values: [String: Value]

    /// Credentials `name` with `values`.
    public init(name: String, values: [String: Value]) {
        self.name = name
        self.values = values
    }

    /// `credentials 'name' (keys: a, b)` — values are never printed.
    public var description: String { "credentials '\(name)' (keys: \(values.keys.sorted().joined(separator: ", ")))" }
}

/// What a storage scheme's factory receives: the dataset it serves, `fs_args` and credentials.
public struct StorageConfiguration: Sendable {
    /// The dataset that needs the storage (for messages).
    public let dataset: String
    /// The entry's `fs_args` options.
    public let options: [String: Value]
    /// The entry's credentials, if any.
    public let credentials: Credentials?

    /// A storage configuration.
    public init(dataset: String, options: [String: Value] = [:], credentials: Credentials? = nil) {
        self.dataset = dataset
        self.options = options
        self.credentials = credentials
    }
}
