/// Decodes any `Decodable` value from an ``EncodedObject`` written by ``ObjectEncoder``.
///
/// Keys are looked up in the object's fields, then its members; a member that is a
/// `datasetsdk.Tensor` decodes as an array of its element type (`[Double]` from `float64`,
/// `[Int]` or `[Int64]` from `int64`, ...), and as any other sequence through an unkeyed
/// container. Numbers convert between the stored kinds when the value fits: an integral
/// ``Value/double(_:)`` decodes as an `Int`, an ``Value/int(_:)`` as a `Double`.
///
/// Errors are `DecodingError`s with the coding path, as `JSONDecoder` throws them: `keyNotFound`
/// for a missing key, `valueNotFound` for `null` where a value is required, `typeMismatch` for a
/// value of the wrong kind, `dataCorrupted` for a number out of the requested type's range
/// (300 as a `UInt8`). A promoted array whose tensor has another dtype than the element type
/// asked for throws an ``ObjectError`` naming the member and both dtypes. An object that is not
/// a `datasetsdk.Codable` object throws ``ObjectError/typeMismatch(expected:found:)``.
///
/// ```swift
/// struct Run: Codable { var name: String; var losses: [Double] }
/// let object = try ObjectEncoder().encode(Run(name: "ridge", losses: [0.9, 0.5]))
/// let run = try ObjectDecoder().decode(Run.self, from: object)
/// ```
public struct ObjectDecoder: Sendable {
    /// Contextual information handed to the values' `init(from:)` as `Decoder.userInfo`.
    ///
    /// ```swift
    /// var decoder = ObjectDecoder()
    /// decoder.userInfo[CodingUserInfoKey(rawValue: "version")!] = 2
    /// ```
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// A decoder.
    ///
    /// ```swift
    /// let settings = try ObjectDecoder().decode([String: Int].self, from: object)
    /// ```
    public init() {}

    /// Decodes a value of type `type` from `object`.
    ///
    /// ```swift
    /// let object = try ObjectEncoder().encode([1.5, 2.5])
    /// let values = try ObjectDecoder().decode([Double].self, from: object)   // [1.5, 2.5]
    /// ```
    ///
    /// - Throws: `DecodingError` (with the coding path) when the object's content does not fit
    ///   `type`; ``ObjectError`` when `object` is not a `datasetsdk.Codable` object or a promoted
    ///   array's tensor is invalid or of another dtype.
    public func decode<T: Decodable>(_ type: T.Type, from object: EncodedObject) throws -> T {
        try object.requireType(CodableFormat.typeName)
        let root: DecodingNode
        if object.labels[CodableFormat.rootLabel] == CodableFormat.singleRoot {
            if let value = object.fields[CodableFormat.valueKey] {
                root = .value(value)
            } else if let member = object.members[CodableFormat.valueKey] {
                root = .object(member)
            } else {
                throw ObjectError.missingField(CodableFormat.valueKey, typeName: object.typeName)
            }
        } else {
            root = .object(object)
        }
        let decoder = ValueDecoder(node: root, codingPath: [], userInfo: userInfo.mapValues { $0 as Any })
        return try decoder.decode(T.self, from: root, at: [])
    }
}

/// What a value is decoded from: a metadata value, or an object (a keyed container or a
/// promoted array).
enum DecodingNode {
    case value(Value)
    case object(EncodedObject)
}

/// The `Decoder` values decode themselves from: one per decoded non-scalar value.
final class ValueDecoder: Decoder {
    let node: DecodingNode
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]

    init(node: DecodingNode, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: Any]) {
        self.node = node
        self.codingPath = codingPath
        self.userInfo = userInfo
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let source: ObjectKeyedDecodingContainer<Key>.Source
        switch node {
        case let .object(object):
            guard object.typeName == CodableFormat.typeName else {
                throw DecodingError.typeMismatch(
                    [String: Any].self,
                    .init(codingPath: codingPath, debugDescription: "Expected a keyed container (a \(CodableFormat.typeName) object) but found a \(object.typeName) object instead."))
            }
            source = .object(object)
        case let .value(.map(entries)):
            source = .map(entries)
        case let .value(value):
            throw mismatch([String: Any].self, "a keyed container", found: value)
        }
        return KeyedDecodingContainer(ObjectKeyedDecodingContainer<Key>(decoder: self, source: source, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let items: [Value]
        switch node {
        case let .object(object) where object.typeName == CodableFormat.tensorTypeName:
            do { items = try tensorElementValues(object) } catch { throw ObjectError.inMembers(codingPath, error) }
        case let .object(object):
            throw DecodingError.typeMismatch(
                [Any].self,
                .init(codingPath: codingPath, debugDescription: "Expected an unkeyed container but found a \(object.typeName) object instead."))
        case let .value(.list(list)):
            items = list
        case let .value(.bytes(bytes)):
            items = bytes.map { .int(Int64($0)) }
        case let .value(value):
            throw mismatch([Any].self, "an unkeyed container", found: value)
        }
        return ObjectUnkeyedDecodingContainer(decoder: self, items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ObjectSingleValueDecodingContainer(decoder: self)
    }

    /// Decodes a `T` from `node`, found at `codingPath`: scalars directly, promoted arrays from
    /// their tensors, anything else through its `init(from:)`.
    func decode<T: Decodable>(_ type: T.Type, from node: DecodingNode, at codingPath: [any CodingKey]) throws -> T {
        if let scalar = try scalar(T.self, from: node, at: codingPath) { return scalar }
        if case let .object(object) = node, object.typeName == CodableFormat.tensorTypeName,
            let arrayType = T.self as? any TensorPromotableArray.Type, arrayType.hasStandardElement
        {
            do { return try arrayType.decodeTensor(object) as! T } catch { throw ObjectError.inMembers(codingPath, error) }
        }
        return try T(from: child(node, at: codingPath))
    }

    /// A decoder for `node`, found at `codingPath`, sharing this one's user info.
    func child(_ node: DecodingNode, at codingPath: [any CodingKey]) -> ValueDecoder {
        ValueDecoder(node: node, codingPath: codingPath, userInfo: userInfo)
    }

    /// A `T` when it is one of the standard scalar types (saves a decoder), else nil.
    private func scalar<T>(_ type: T.Type, from node: DecodingNode, at path: [any CodingKey]) throws -> T? {
        if T.self == String.self { return try unboxString(node, at: path) as? T }
        if T.self == Double.self { return try unboxFloat(node, as: Double.self, at: path) as? T }
        if T.self == Int.self { return try unboxInteger(node, as: Int.self, at: path) as? T }
        if T.self == Bool.self { return try unboxBool(node, at: path) as? T }
        if T.self == Float.self { return try unboxFloat(node, as: Float.self, at: path) as? T }
        if T.self == Int64.self { return try unboxInteger(node, as: Int64.self, at: path) as? T }
        if T.self == Int32.self { return try unboxInteger(node, as: Int32.self, at: path) as? T }
        if T.self == Int16.self { return try unboxInteger(node, as: Int16.self, at: path) as? T }
        if T.self == Int8.self { return try unboxInteger(node, as: Int8.self, at: path) as? T }
        if T.self == UInt8.self { return try unboxInteger(node, as: UInt8.self, at: path) as? T }
        if T.self == UInt16.self { return try unboxInteger(node, as: UInt16.self, at: path) as? T }
        if T.self == UInt32.self { return try unboxInteger(node, as: UInt32.self, at: path) as? T }
        if T.self == UInt64.self { return try unboxInteger(node, as: UInt64.self, at: path) as? T }
        if T.self == UInt.self { return try unboxInteger(node, as: UInt.self, at: path) as? T }
        return nil
    }

    // MARK: Unboxing scalars

    func unboxBool(_ node: DecodingNode, at path: [any CodingKey]) throws -> Bool {
        let value = try scalarValue(node, as: Bool.self, at: path)
        guard case let .bool(bool) = value else { throw mismatch(Bool.self, "Bool", found: value, at: path) }
        return bool
    }

    func unboxString(_ node: DecodingNode, at path: [any CodingKey]) throws -> String {
        let value = try scalarValue(node, as: String.self, at: path)
        guard case let .string(string) = value else { throw mismatch(String.self, "String", found: value, at: path) }
        return string
    }

    func unboxInteger<I: FixedWidthInteger>(_ node: DecodingNode, as type: I.Type, at path: [any CodingKey]) throws -> I {
        let value = try scalarValue(node, as: I.self, at: path)
        let result: I?
        switch value {
        case let .int(int): result = I(exactly: int)
        case let .uint(uint): result = I(exactly: uint)
        case let .double(double): result = I(exactly: double)
        default: throw mismatch(I.self, "\(I.self)", found: value, at: path)
        }
        guard let result else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: path, debugDescription: "Number \(value) does not fit in \(I.self)."))
        }
        return result
    }

    func unboxFloat<F: BinaryFloatingPoint>(_ node: DecodingNode, as type: F.Type, at path: [any CodingKey]) throws -> F {
        let value = try scalarValue(node, as: F.self, at: path)
        switch value {
        case let .double(double):
            let result = F(double)
            guard result.isFinite || !double.isFinite else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: path, debugDescription: "Number \(double) does not fit in \(F.self)."))
            }
            return result
        case let .int(int): return F(int)
        case let .uint(uint): return F(uint)
        default: throw mismatch(F.self, "\(F.self)", found: value, at: path)
        }
    }

    /// The metadata value of `node`, or an error when it is `null` or an object.
    private func scalarValue<T>(_ node: DecodingNode, as type: T.Type, at path: [any CodingKey]) throws -> Value {
        switch node {
        case let .object(object):
            throw DecodingError.typeMismatch(
                T.self, .init(codingPath: path, debugDescription: "Expected to decode \(T.self) but found a \(object.typeName) object instead."))
        case .value(.null):
            throw DecodingError.valueNotFound(
                T.self, .init(codingPath: path, debugDescription: "Expected \(T.self) value but found null instead."))
        case let .value(value):
            return value
        }
    }

    /// The error for `value` found where `expected` was needed (`valueNotFound` for `null`).
    func mismatch<T>(_ type: T.Type, _ expected: String, found value: Value, at path: [any CodingKey]? = nil) -> DecodingError {
        let context = DecodingError.Context(
            codingPath: path ?? codingPath, debugDescription: "Expected to decode \(expected) but found \(value.kindName) instead.")
        return value.isNull ? .valueNotFound(T.self, context) : .typeMismatch(T.self, context)
    }
}
