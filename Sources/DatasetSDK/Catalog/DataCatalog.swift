#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The datasets of a project, read from a Kedro-style `conf/` folder, created lazily by name.
///
/// ```swift
/// let catalog = try DataCatalog(conf: "conf", environment: "shm")
/// let frame: DataFrame = try await catalog.load("house_prices")
/// try await catalog.save(frame.dropping(columns: ["SalePrice", "Utilities"]), as: "house_prices_drop")
/// ```
///
/// A dataset is created on first use, so a run that touches one dataset never resolves another
/// entry's credentials or storage. Explicit entries win over dataset factories (patterns such as
/// `"{name}"`), which are tried in Kedro's precedence order.
public final class DataCatalog: Sendable {
    /// The conf folder.
    public let confPath: String
    /// The environment overlay in use, or nil for base only.
    public let environment: String?
    /// The registry that creates datasets and storages.
    public let registry: Registry
    /// `parameters*.yml`, merged, with `--params` applied.
    public let parameters: [String: Value]
    /// The version every versioned dataset saves under in this run.
    public let saveVersion: String

    let explicit: [(name: String, node: ConfigNode)]
    let patterns: [(pattern: DatasetPattern, node: ConfigNode)]
    let credentials: [(key: String, node: ConfigNode)]
    let loadVersions: [String: String]
    let interpolation: Interpolation
    private let datasets = Mutex<[String: any Dataset]>([:])

    /// Reads `conf/base` and the environment overlay.
    ///
    /// - Parameters:
    ///   - conf: the conf folder.
    ///   - environment: the overlay (`-e`); nil means `DATASETS_ENV`, else `local` when present.
    ///   - runtimeParameters: `--params` values; they override `parameters.yml` and feed
    ///     `${runtime_params:...}`.
    ///   - loadVersions: versions to load, by dataset name (`--load-versions`).
    ///   - registry: dataset types and storage schemes.
    ///   - saveVersion: the version versioned datasets save under (default: now); the per-process
    ///     runner passes its own to every node's process so that one run saves one version.
    ///   - variables: the environment variables `${env:...}` reads.
    /// - Throws: ``CatalogError`` naming the file, line and column of a bad file or entry.
    public init(
        conf: String = "conf",
        environment: String? = nil,
        runtimeParameters: [String: Value] = [:],
        loadVersions: [String: String] = [:],
        registry: Registry = .standard,
        saveVersion: String? = nil,
        variables: [String: String] = ProcessEnvironment.variables
    ) throws(CatalogError) {
        confPath = conf
        self.environment = try ConfigLoader.environment(requested: environment, confPath: conf, variables: variables)
        self.registry = registry
        self.loadVersions = loadVersions
        self.saveVersion = saveVersion ?? VersionedDataset.timestamp()
        let loader = ConfigLoader(confPath: conf, environment: self.environment)

        // `--params model.alpha=0.5` arrives as the key "model.alpha": nest dotted keys (shallower
        // keys first, so the more specific one wins) for `${runtime_params:model.alpha}` and for
        // merging into the parameters.
        var nestedRuntimeParameters: [String: Value] = [:]
        for key in runtimeParameters.keys.sorted(by: { ($0.split(separator: ".").count, $0) < ($1.split(separator: ".").count, $1) }) {
            Self.set(runtimeParameters[key]!, at: key.split(separator: ".").map(String.init), in: &nestedRuntimeParameters)
        }
        var interpolation = Interpolation(environment: variables, globals: [:], runtimeParameters: nestedRuntimeParameters)
        var globals: [String: Value] = [:]
        for entry in try loader.load(.globals) { globals[entry.key] = try interpolation.resolve(entry.node).value }
        interpolation.globals = globals
        self.interpolation = interpolation

        var parameters: [String: Value] = [:]
        for entry in try loader.load(.parameters) { parameters[entry.key] = try interpolation.resolve(entry.node).value }
        for (key, value) in nestedRuntimeParameters { Self.set(value, at: [key], in: &parameters) }
        self.parameters = parameters

        var explicit: [(name: String, node: ConfigNode)] = []
        var patterns: [(pattern: DatasetPattern, node: ConfigNode)] = []
        for entry in try loader.load(.catalog) {
            try Self.validateShape(of: entry.node, dataset: entry.key)
            if let pattern = DatasetPattern(entry.key) { patterns.append((pattern, entry.node)) } else { explicit.append((entry.key, entry.node)) }
        }
        patterns.sort { $0.pattern.precedes($1.pattern) }
        let catchAll = patterns.filter(\.pattern.isCatchAll).map { (pattern: $0.pattern.pattern, location: $0.node.location) }
        guard catchAll.count <= 1 else { throw .multipleCatchAllPatterns(catchAll.sorted { ($0.location.file, $0.location.line) < ($1.location.file, $1.location.line) }) }
        self.explicit = explicit
        self.patterns = patterns
        credentials = try loader.load(.credentials)
    }

    /// An empty catalog for datasets added in code with ``add(_:as:)`` (no conf folder is read).
    public init(registry: Registry, parameters: [String: Value] = [:]) {
        confPath = ""
        environment = nil
        self.registry = registry
        self.parameters = parameters
        saveVersion = VersionedDataset.timestamp()
        explicit = []
        patterns = []
        credentials = []
        loadVersions = [:]
        interpolation = Interpolation(environment: [:], globals: [:], runtimeParameters: [:])
    }

    /// Names of the explicit entries, in file order.
    public var datasetNames: [String] { explicit.map(\.name) }

    /// The dataset factory patterns, in the order they are tried.
    public var patternNames: [String] { patterns.map(\.pattern.pattern) }

    /// Whether an entry or a pattern provides `name` (or it was added in code).
    public func contains(_ name: String) -> Bool {
        datasets.withLock { $0[name] != nil } || explicit.contains { $0.name == name } || patterns.contains { $0.pattern.match(name) != nil }
    }

    /// The pattern that provides `name`, when no explicit entry does.
    public func matchingPattern(for name: String) -> String? {
        guard !explicit.contains(where: { $0.name == name }) else { return nil }
        return patterns.first { $0.pattern.match(name) != nil }?.pattern.pattern
    }

    /// Adds (or replaces) a dataset made in code.
    public func add(_ dataset: any Dataset, as name: String) {
        datasets.withLock { $0[name] = dataset }
    }

    /// The dataset `name`, created on first use.
    ///
    /// - Throws: ``CatalogError/unknownDataset(_:known:suggestion:)`` when nothing provides it, or
    ///   the entry's configuration error.
    public func dataset(named name: String) throws -> any Dataset {
        if let cached = datasets.withLock({ $0[name] }) { return cached }
        let made = try makeDataset(named: name)
        return datasets.withLock { cache in
            if let raced = cache[name] { return raced }
            cache[name] = made
            return made
        }
    }

    /// Loads dataset `name` as a `T`.
    public func load<T: DatasetObject>(_ name: String, as type: T.Type = T.self) async throws -> T {
        let object = try await dataset(named: name).load()
        guard object.typeName == T.typeName else {
            throw DatasetError.wrongType(dataset: name, expected: T.typeName, found: object.typeName)
        }
        do { return try T(decoding: object) } catch {
            throw DatasetError.failed(dataset: name, operation: "load", underlying: error)
        }
    }

    /// Saves `value` as dataset `name`.
    public func save<T: DatasetObject>(_ value: T, as name: String) async throws {
        try await dataset(named: name).save(value.encoded())
    }

    /// Whether dataset `name` has something saved.
    public func exists(_ name: String) async throws -> Bool { try await dataset(named: name).exists() }

    /// Releases what dataset `name` holds in memory, if it was created.
    public func release(_ name: String) async {
        if let dataset = datasets.withLock({ $0[name] }) { await dataset.release() }
    }

    /// The value at a parameter path: `"params:model.alpha"` or `"model.alpha"`; `"parameters"`
    /// is all of them.
    public func parameter(_ path: String) -> Value? {
        if path == "parameters" { return .map(parameters) }
        let key = path.hasPrefix("params:") ? String(path.dropFirst("params:".count)) : path
        return Interpolation.lookup(key, in: parameters)
    }

    /// Sets `value` at `path`; a map value is merged key by key into a map already there (as
    /// Kedro merges runtime parameters with OmegaConf.merge).
    private static func set(_ value: Value, at path: [String], in map: inout [String: Value]) {
        guard let first = path.first else { return }
        if path.count == 1 {
            if case let .map(new) = value, case var .map(merged)? = map[first] {
                for (key, child) in new { set(child, at: [key], in: &merged) }
                map[first] = .map(merged)
            } else {
                map[first] = value
            }
            return
        }
        var child = map[first]?.mapValue ?? [:]
        set(value, at: Array(path.dropFirst()), in: &child)
        map[first] = .map(child)
    }

    static func validateShape(of node: ConfigNode, dataset: String) throws(CatalogError) {
        guard let entries = node.entries else {
            throw .invalidEntry(location: node.location, dataset: dataset, problem: "an entry must be a mapping with at least 'type', not a \(node.kindName)")
        }
        guard let type = entries.last(where: { $0.key == "type" })?.node else {
            throw .invalidEntry(location: node.location, dataset: dataset, problem: "missing 'type' (for example type: ObjectDataset)")
        }
        guard case .scalar(_, .string) = type.kind else {
            throw .invalidEntry(location: type.location, dataset: dataset, problem: "'type' must be a dataset type name, not a \(type.kindName)")
        }
    }
}
