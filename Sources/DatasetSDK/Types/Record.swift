/// A map of named scalar values: parameters, metrics, small results.
///
/// ```swift
/// let params: Record = ["multiplier": 100, "seed": 42, "model": "ridge"]
/// print(params["multiplier"]?.intValue ?? 1)
/// ```
public struct Record: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// The entries.
    public var values: [String: Value]

    /// A record of `values`.
    public init(_ values: [String: Value] = [:]) { self.values = values }

    public init(dictionaryLiteral elements: (String, Value)...) {
        values = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    /// The value stored under `key`.
    public subscript(key: String) -> Value? {
        get { values[key] }
        set { values[key] = newValue }
    }
}

extension Record: DatasetObject {
    /// `datasetsdk.Record`.
    public static var typeName: String { RecordLayout.typeName }

    /// The entries become the object's fields (``RecordLayout``, generated from types.proto).
    public func encoded() -> EncodedObject { RecordLayout(entries: values).encoded() }

    /// The object's fields become the entries.
    public init(decoding object: EncodedObject) throws(ObjectError) {
        values = try RecordLayout(decoding: object).entries
    }
}
