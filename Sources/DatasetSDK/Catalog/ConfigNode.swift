/// A configuration value that remembers where it was written, so every error can point at the
/// file, line and column. Built from YAML by ``YAMLFile``; mappings keep their key order.
struct ConfigNode: Sendable {
    enum Kind: Sendable {
        /// A scalar: its text and the value YAML's core schema resolves it to.
        case scalar(text: String, value: Value)
        case mapping([(key: String, node: ConfigNode)])
        case sequence([ConfigNode])
    }

    var kind: Kind
    let location: SourceLocation

    /// The node as a plain ``Value`` (locations dropped).
    var value: Value {
        switch kind {
        case let .scalar(_, value): value
        case let .mapping(entries): .map(Dictionary(entries.map { ($0.key, $0.node.value) }, uniquingKeysWith: { _, last in last }))
        case let .sequence(items): .list(items.map(\.value))
        }
    }

    /// The entries of a mapping node, or nil.
    var entries: [(key: String, node: ConfigNode)]? {
        if case let .mapping(entries) = kind { entries } else { nil }
    }

    /// The entry `key` of a mapping node.
    subscript(key: String) -> ConfigNode? { entries?.last { $0.key == key }?.node }

    /// A short description of the node's kind for messages.
    var kindName: String {
        switch kind {
        case let .scalar(_, value): value.kindName
        case .mapping: "mapping"
        case .sequence: "list"
        }
    }

    /// This node with `transform` applied to every scalar, depth first.
    func mapScalars(_ transform: (String, Value, SourceLocation) throws -> Value) rethrows -> ConfigNode {
        var copy = self
        switch kind {
        case let .scalar(text, value):
            copy.kind = .scalar(text: text, value: try transform(text, value, location))
        case let .mapping(entries):
            copy.kind = .mapping(try entries.map { ($0.key, try $0.node.mapScalars(transform)) })
        case let .sequence(items):
            copy.kind = .sequence(try items.map { try $0.mapScalars(transform) })
        }
        return copy
    }
}
