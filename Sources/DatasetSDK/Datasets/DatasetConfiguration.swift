/// A catalog entry as a dataset type sees it: the dataset's name, its options, its credentials
/// and the registry to resolve storage schemes with.
///
/// Options are read through ``reader`` (a ``CatalogOptions``: typed accessors whose errors name
/// the dataset, the key, what was expected and the file and line of the entry); the accessors
/// here are the same ones, for the entry's top level.
public struct DatasetConfiguration: Sendable {
    /// The dataset's name in the catalog.
    public let name: String
    /// The entry's options (without `type`), with their accessors.
    public let reader: CatalogOptions
    /// The resolved `credentials:` entry, if any. Never print it.
    public let credentials: Credentials?
    /// The registry that created the dataset; resolves storage schemes.
    public let registry: Registry

    /// A configuration for dataset `name`.
    public init(name: String, options: [String: Value] = [:], credentials: Credentials? = nil, registry: Registry = .standard, source: String? = nil) {
        self.init(name: name, reader: CatalogOptions(dataset: name, values: options, source: source), credentials: credentials, registry: registry)
    }

    private init(name: String, reader: CatalogOptions, credentials: Credentials?, registry: Registry) {
        self.name = name
        self.reader = reader
        self.credentials = credentials
        self.registry = registry
    }

    /// The entry's options, without `type`.
    public var options: [String: Value] { reader.values }
    /// Where the entry is defined (`conf/base/catalog.yml:12`), for messages.
    public var source: String? { reader.source }

    /// The map option `key` (such as `load_args`) as a configuration of its own, so that its
    /// errors name `key.option`.
    public func nested(_ key: String) throws(DatasetError) -> DatasetConfiguration {
        DatasetConfiguration(name: name, reader: try reader.nested(key), credentials: credentials, registry: registry)
    }

    /// Throws unless every option is one of `known` (catches typos such as `filpath`).
    public func requireKnownOptions(_ known: Set<String>) throws(DatasetError) { try reader.requireKnown(known) }

    /// The string option `key`, or nil when absent.
    public func string(_ key: String) throws(DatasetError) -> String? { try reader.string(key) }

    /// The Bool option `key`, or `defaultValue` when absent.
    public func bool(_ key: String, default defaultValue: Bool) throws(DatasetError) -> Bool { try reader.bool(key, default: defaultValue) }

    /// The map option `key` (such as `load_args`), or an empty map when absent.
    public func map(_ key: String) throws(DatasetError) -> [String: Value] { try reader.map(key) }

    /// The `filepath` option parsed as a location.
    public func location(key: String = "filepath") throws(DatasetError) -> StorageLocation {
        guard let path = try string(key) else {
            throw reader.missing(key, expected: "a path or URL such as data/01_raw/x.dso or s3://bucket/x.dso")
        }
        do { return try StorageLocation(path) } catch {
            throw .invalidOption(dataset: name, key: reader.keyPrefix + key, expected: "a path or URL", found: "'\(path)' (\(error))", source: source)
        }
    }

    /// The storage for `location`'s scheme from the registry, configured with this entry's
    /// credentials and `fs_args` options, plus `overrides` (which win over `fs_args`).
    public func storage(for location: StorageLocation, overrides: [String: Value] = [:]) throws -> any Storage {
        let options = try map("fs_args").merging(overrides) { _, override in override }
        return try registry.storage(for: location.scheme, configuration: StorageConfiguration(
            dataset: name, options: options, credentials: credentials, source: source))
    }

    /// A ``DatasetError/invalidOption(dataset:key:expected:found:source:)`` for `key`.
    public func invalid(_ key: String, expected: String, found: Value) -> DatasetError { reader.invalid(key, expected: expected, found: found) }
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
    /// Where the dataset's entry is defined (`conf/base/catalog.yml:12`), for messages.
    public let source: String?

    /// A storage configuration.
    public init(dataset: String, options: [String: Value] = [:], credentials: Credentials? = nil, source: String? = nil) {
        self.dataset = dataset
        self.options = options
        self.credentials = credentials
        self.source = source
    }

    /// The `fs_args` options with their accessors; messages name `fs_args.KEY` and the entry's place.
    public var reader: CatalogOptions { CatalogOptions(dataset: dataset, values: options, keyPrefix: "fs_args.", source: source) }

    /// The credentials' settings with the same accessors (messages name `credentials 'NAME'.KEY`),
    /// or nil without credentials. Messages never show their values.
    public var credentialsReader: CatalogOptions? {
        credentials.map { CatalogOptions(dataset: dataset, values: $0.values, keyPrefix: "credentials '\($0.name)'.", source: source, redactingValues: true) }
    }
}
