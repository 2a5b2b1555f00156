/// What a node body returns: one encoded object per declared output.
///
/// ```swift
/// var outputs = NodeOutputs()
/// try outputs.set(model, for: "model")
/// try outputs.set(Record(["r2": 0.91]), for: "metrics")
/// return outputs
/// ```
///
/// The runner checks that the names are exactly the node's outputs and saves each object to the
/// dataset of that name.
public struct NodeOutputs: Sendable {
    /// The outputs, encoded, by dataset name.
    public private(set) var objects: [String: EncodedObject] = [:]

    /// No outputs yet (what a node without outputs returns).
    public init() {}

    /// Outputs from typed values.
    ///
    /// ```swift
    /// return try NodeOutputs(["X_train": xTrain, "y_train": yTrain])
    /// ```
    ///
    /// - Throws: what encoding a value throws.
    public init(_ values: [String: any DatasetObject]) throws {
        for (name, value) in values { objects[name] = try value.encoded() }
    }

    /// Sets output `name` to `value` (replacing an earlier one).
    ///
    /// - Throws: what encoding `value` throws.
    public mutating func set<T: DatasetObject>(_ value: T, for name: String) throws {
        objects[name] = try value.encoded()
    }

    /// Sets output `name` to an already encoded object.
    public mutating func set(encoded object: EncodedObject, for name: String) {
        objects[name] = object
    }
}
