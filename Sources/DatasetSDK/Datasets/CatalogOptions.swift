/// Options of a catalog entry, or of one part of it (`load_args`, `save_args`, `fs_args`, a
/// credentials entry), read with typed accessors. Every dataset type and every storage scheme
/// reads its options through one of these, so every mistake is reported the same way: the
/// dataset, the key's path in the entry (`save_args.level`), what was expected and what was
/// found, and the catalog file and line of the entry.
///
/// ```swift
/// let level = try options.int("level", in: 1...22) ?? 3
/// let part = try options.byteSize("part_size") ?? 16 << 20
/// ```
public struct CatalogOptions: Sendable {
    /// The dataset the options belong to.
    public let dataset: String
    /// The options, as the catalog wrote them.
    public let values: [String: Value]
    /// The path of these options inside the entry (`fs_args.`), prefixed to every key in messages.
    public let keyPrefix: String
    /// Where the entry is defined (`conf/base/catalog.yml:12`), when known.
    public let source: String?
    /// Whether messages leave values out (credentials): they name the kind found, never the value.
    public let redactsValues: Bool

    /// Options of `dataset`; `keyPrefix` (such as `fs_args.`) is prefixed to keys in messages;
    /// `redactingValues` keeps values (secrets) out of messages.
    public init(dataset: String, values: [String: Value], keyPrefix: String = "", source: String? = nil, redactingValues: Bool = false) {
        self.dataset = dataset
        self.values = values
        self.keyPrefix = keyPrefix
        self.source = source
        redactsValues = redactingValues
    }

    /// The raw value of `key`, or nil when absent.
    public subscript(key: String) -> Value? { values[key] }

    /// The map option `key` (such as `load_args`) as options of their own, whose messages name
    /// `key.option`. Absent or null is an empty map.
    public func nested(_ key: String) throws(DatasetError) -> CatalogOptions {
        CatalogOptions(dataset: dataset, values: try map(key), keyPrefix: keyPrefix + key + ".", source: source, redactingValues: redactsValues)
    }

    /// Throws unless every key is one of `known` (catches typos such as `filpath`).
    public func requireKnown(_ known: Set<String>) throws(DatasetError) {
        for key in values.keys.sorted() where !known.contains(key) {
            throw .unknownOption(dataset: dataset, key: keyPrefix + key, known: known.map { keyPrefix + $0 }, source: source)
        }
    }

    /// The string option `key`, or nil when absent or null.
    public func string(_ key: String) throws(DatasetError) -> String? {
        guard let value = present(key) else { return nil }
        guard let string = value.stringValue else { throw invalid(key, expected: "a string", found: value) }
        return string
    }

    /// The first of `keys` that is set, as a string (for aliases such as `key` and `aws_access_key_id`).
    public func string(anyOf keys: [String]) throws(DatasetError) -> String? {
        for key in keys {
            if let value = try string(key) { return value }
        }
        return nil
    }

    /// The Bool option `key`, or `defaultValue` when absent or null.
    public func bool(_ key: String, default defaultValue: Bool) throws(DatasetError) -> Bool {
        guard let value = present(key) else { return defaultValue }
        guard let bool = value.boolValue else { throw invalid(key, expected: "true or false", found: value) }
        return bool
    }

    /// The whole-number option `key` within `range`, or nil when absent or null. `expected`
    /// replaces the message's "a whole number from A to B". The value must be written as an
    /// integer: `8.0` is a double and refused, as Python's options refuse it.
    public func int(_ key: String, in range: ClosedRange<Int> = Int.min...Int.max, expected: String? = nil) throws(DatasetError) -> Int? {
        guard let value = present(key) else { return nil }
        let integer: Int? = switch value {
        case let .int(number): Int(exactly: number)
        case let .uint(number): Int(exactly: number)
        default: nil
        }
        guard let number = integer, range.contains(number) else {
            let bounds = range == Int.min...Int.max ? "a whole number" : "a whole number from \(range.lowerBound) to \(range.upperBound)"
            throw invalid(key, expected: expected ?? bounds, found: value)
        }
        return number
    }

    /// The number option `key` (an integer is accepted too), or nil when absent or null.
    public func double(_ key: String, in range: ClosedRange<Double> = -Double.infinity...Double.infinity) throws(DatasetError) -> Double? {
        guard let value = present(key) else { return nil }
        guard let number = value.doubleValue, range.contains(number) else {
            throw invalid(key, expected: range.lowerBound.isFinite || range.upperBound.isFinite ? "a number from \(range.lowerBound) to \(range.upperBound)" : "a number", found: value)
        }
        return number
    }

    /// The size option `key` in bytes (`8Gi`, `16MiB`, `500M` or a number: one grammar for
    /// every size, see `docs/catalog.md`), within `range`; nil when absent or null.
    public func byteSize(_ key: String, in range: ClosedRange<Int> = 0...Int.max, expected: String? = nil) throws(DatasetError) -> Int? {
        guard let value = present(key) else { return nil }
        guard let bytes = ByteSize.parse(value), range.contains(bytes) else {
            throw invalid(key, expected: expected ?? ByteSize.expected, found: value)
        }
        return bytes
    }

    /// The map option `key`, or an empty map when absent or null.
    public func map(_ key: String) throws(DatasetError) -> [String: Value] {
        guard let value = present(key) else { return [:] }
        guard let map = value.mapValue else { throw invalid(key, expected: "a mapping", found: value) }
        return map
    }

    /// The list option `key`, or nil when absent or null.
    public func list(_ key: String) throws(DatasetError) -> [Value]? {
        guard let value = present(key) else { return nil }
        guard case let .list(items) = value else { throw invalid(key, expected: "a list", found: value) }
        return items
    }

    /// A ``DatasetError/invalidOption(dataset:key:expected:found:source:)`` for `key`.
    public func invalid(_ key: String, expected: String, found: Value) -> DatasetError {
        .invalidOption(dataset: dataset, key: keyPrefix + key, expected: expected, found: redactsValues ? found.kindName : "\(found.kindName) \(found)", source: source)
    }

    /// A ``DatasetError/missingOption(dataset:key:expected:source:)`` for `key`.
    public func missing(_ key: String, expected: String) -> DatasetError {
        .missingOption(dataset: dataset, key: keyPrefix + key, expected: expected, source: source)
    }

    private func present(_ key: String) -> Value? {
        guard let value = values[key], !value.isNull else { return nil }
        return value
    }
}
