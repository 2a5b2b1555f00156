/// Encodes any `Encodable` value as an ``EncodedObject``, the shape every dataset stores.
///
/// The value's keyed containers become objects of type `datasetsdk.Codable`: scalars (`Bool`,
/// integers, floating-point numbers including NaN and infinity, `String`, `nil`) and unkeyed
/// containers become ``EncodedObject/fields`` (lists become ``Value/list(_:)``, keyed containers
/// inside lists become ``Value/map(_:)``), nested keyed containers become
/// ``EncodedObject/members``. Signed integers and `UInt8`...`UInt32` are stored as
/// ``Value/int(_:)``, `UInt` and `UInt64` as ``Value/uint(_:)``, `Float` and `Double` as
/// ``Value/double(_:)``.
///
/// An array of a ``TensorElement`` type (`[Double]`, `[Float]`, `[Int]`, `[UInt8]`, ...) whose
/// elements take more than ``blobThreshold`` bytes is stored as a member that is a
/// one-dimensional ``Tensor``, so its bytes go to a blob and the metadata stays small and
/// self-describing. Promotion applies to values under keys (and to the top-level value), never
/// inside lists: a large array nested in an array stays a list.
///
/// A top-level value that is not a keyed container (an `Int`, an array, `nil`) is stored under
/// the field (or, when promoted, the member) `value`, and the object is labelled
/// `"datasetsdk.codable.root": "single"`. The top-level object is also labelled
/// `"swift.type"` with `String(reflecting:)` of the value's type; that label is informational.
///
/// ```swift
/// struct Run: Codable { var name: String; var losses: [Double] }
/// let object = try ObjectEncoder().encode(Run(name: "ridge", losses: Array(repeating: 0.5, count: 10_000)))
/// print(object.fields["name"]!)                 // "ridge"
/// print(object.members["losses"]!.typeName)     // datasetsdk.Tensor (80,000 bytes in a blob)
/// ```
public struct ObjectEncoder: Sendable {
    /// Arrays of tensor elements larger than this many bytes are stored as tensor members (blobs)
    /// instead of list fields. 4096 by default.
    ///
    /// ```swift
    /// var encoder = ObjectEncoder()
    /// encoder.blobThreshold = 0   // every non-empty numeric array under a key goes to a blob
    /// ```
    public var blobThreshold: Int = 4096

    /// Contextual information handed to the values' `encode(to:)` as `Encoder.userInfo`.
    ///
    /// ```swift
    /// var encoder = ObjectEncoder()
    /// encoder.userInfo[CodingUserInfoKey(rawValue: "version")!] = 2
    /// ```
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// An encoder with the default ``blobThreshold`` of 4096 bytes.
    ///
    /// ```swift
    /// let object = try ObjectEncoder().encode(["epochs": 10, "batch": 32])
    /// ```
    public init() {}

    /// An encoder promoting numeric arrays larger than `blobThreshold` bytes to blobs.
    ///
    /// ```swift
    /// let encoder = ObjectEncoder(blobThreshold: 1 << 20)   // keep arrays up to 1 MiB as lists
    /// ```
    public init(blobThreshold: Int) {
        self.blobThreshold = blobThreshold
    }

    /// Encodes `value` as an object of type `datasetsdk.Codable` (see ``ObjectEncoder``).
    ///
    /// ```swift
    /// let object = try ObjectEncoder().encode([1, 2, 3])
    /// print(object.fields["value"]!)   // [1, 2, 3]
    /// ```
    ///
    /// - Throws: what the value's `encode(to:)` throws.
    public func encode<T: Encodable>(_ value: T) throws -> EncodedObject {
        let options = EncodingOptions(blobThreshold: blobThreshold, userInfo: userInfo.mapValues { $0 as Any })
        let root = ValueEncoder(options: options, codingPath: [], blobsAllowed: true)
        var object: EncodedObject
        switch try root.encodeNode(value, at: [], blobsAllowed: true).resolved {
        case let .keyed(box):
            object = box.object()
        case let .tensor(tensor):
            object = EncodedObject(
                typeName: CodableFormat.typeName, members: [CodableFormat.valueKey: tensor],
                labels: [CodableFormat.rootLabel: CodableFormat.singleRoot])
        case let node:
            object = EncodedObject(
                typeName: CodableFormat.typeName, fields: [CodableFormat.valueKey: node.value()],
                labels: [CodableFormat.rootLabel: CodableFormat.singleRoot])
        }
        object.labels[CodableFormat.swiftTypeLabel] = String(reflecting: T.self)
        return object
    }
}

/// Settings shared by every encoder and container of one ``ObjectEncoder/encode(_:)`` call.
struct EncodingOptions {
    let blobThreshold: Int
    let userInfo: [CodingUserInfoKey: Any]
}

/// What one encoded value became, before the tree is turned into objects and values.
enum EncodingNode {
    /// A scalar, or `nil`.
    case scalar(Value)
    /// A keyed container, filled in place by its containers.
    case keyed(KeyedEncodingBox)
    /// An unkeyed container, filled in place by its containers.
    case unkeyed(UnkeyedEncodingBox)
    /// A promoted array: an encoded one-dimensional tensor.
    case tensor(EncodedObject)
    /// What a super encoder encodes, known only once the whole value is encoded.
    case deferred(ValueEncoder)

    /// The node, following deferred ones; an encoder that encoded nothing is an empty keyed
    /// container (as with `JSONEncoder`).
    var resolved: EncodingNode {
        guard case let .deferred(encoder) = self else { return self }
        return (encoder.node ?? .keyed(KeyedEncodingBox())).resolved
    }

    /// The node as a metadata value: what it is inside a list, a map, or a field.
    func value() -> Value {
        switch resolved {
        case let .scalar(value): value
        case let .keyed(box): .map(box.entries.mapValues { $0.value() })
        case let .unkeyed(box): .list(box.items.map { $0.value() })
        // Not produced where a value is needed (promotion happens only under keys); kept total.
        case let .tensor(tensor): .list((try? tensorElementValues(tensor)) ?? [])
        case .deferred: .null
        }
    }
}

/// The entries of a keyed container, by key name.
final class KeyedEncodingBox {
    var entries: [String: EncodingNode] = [:]

    /// The container as an object: keyed entries and tensors become members, the rest fields.
    func object() -> EncodedObject {
        var object = EncodedObject(typeName: CodableFormat.typeName)
        for (name, entry) in entries {
            switch entry.resolved {
            case let .keyed(box): object.members[name] = box.object()
            case let .tensor(tensor): object.members[name] = tensor
            case let node: object.fields[name] = node.value()
            }
        }
        return object
    }
}

/// The elements of an unkeyed container, in order.
final class UnkeyedEncodingBox {
    var items: [EncodingNode] = []
}

/// The `Encoder` values encode themselves to: one per encoded non-scalar value.
final class ValueEncoder: Encoder {
    let options: EncodingOptions
    let codingPath: [any CodingKey]
    /// Whether a promoted array may become a tensor here (false anywhere inside a list).
    let blobsAllowed: Bool
    /// What the value encoded; nil until it asks for a container.
    var node: EncodingNode?

    init(options: EncodingOptions, codingPath: [any CodingKey], blobsAllowed: Bool) {
        self.options = options
        self.codingPath = codingPath
        self.blobsAllowed = blobsAllowed
    }

    var userInfo: [CodingUserInfoKey: Any] { options.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let box: KeyedEncodingBox
        switch node {
        case nil:
            box = KeyedEncodingBox()
            node = .keyed(box)
        case let .keyed(existing)?:
            box = existing
        default:
            preconditionFailure("Attempt to push a keyed container where another kind of value was already encoded.")
        }
        return KeyedEncodingContainer(
            ObjectKeyedEncodingContainer<Key>(encoder: self, box: box, codingPath: codingPath, blobsAllowed: blobsAllowed))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let box: UnkeyedEncodingBox
        switch node {
        case nil:
            box = UnkeyedEncodingBox()
            node = .unkeyed(box)
        case let .unkeyed(existing)?:
            box = existing
        default:
            preconditionFailure("Attempt to push an unkeyed container where another kind of value was already encoded.")
        }
        return ObjectUnkeyedEncodingContainer(encoder: self, box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        ObjectSingleValueEncodingContainer(encoder: self)
    }

    /// Encodes `value` found at `codingPath`: scalars directly, large arrays of tensor elements
    /// as tensors when `blobsAllowed`, anything else through its `encode(to:)`.
    func encodeNode<T: Encodable>(_ value: T, at codingPath: [any CodingKey], blobsAllowed: Bool) throws -> EncodingNode {
        if let scalar = Self.scalar(value) { return .scalar(scalar) }
        if blobsAllowed, let array = value as? any TensorPromotableArray,
            type(of: array).hasStandardElement, array.tensorByteCount > options.blobThreshold
        {
            return .tensor(array.tensorObject())
        }
        let encoder = ValueEncoder(options: options, codingPath: codingPath, blobsAllowed: blobsAllowed)
        try value.encode(to: encoder)
        return encoder.node ?? .keyed(KeyedEncodingBox())
    }

    /// `value` as a scalar when its type is one of the standard scalar types (saves an encoder).
    private static func scalar<T>(_ value: T) -> Value? {
        if T.self == String.self { return .string(value as! String) }
        if T.self == Double.self { return .double(value as! Double) }
        if T.self == Int.self { return .int(Int64(value as! Int)) }
        if T.self == Bool.self { return .bool(value as! Bool) }
        if T.self == Float.self { return .double(Double(value as! Float)) }
        if T.self == Int64.self { return .int(value as! Int64) }
        if T.self == Int32.self { return .int(Int64(value as! Int32)) }
        if T.self == Int16.self { return .int(Int64(value as! Int16)) }
        if T.self == Int8.self { return .int(Int64(value as! Int8)) }
        if T.self == UInt8.self { return .int(Int64(value as! UInt8)) }
        if T.self == UInt16.self { return .int(Int64(value as! UInt16)) }
        if T.self == UInt32.self { return .int(Int64(value as! UInt32)) }
        if T.self == UInt64.self { return .uint(value as! UInt64) }
        if T.self == UInt.self { return .uint(UInt64(value as! UInt)) }
        return nil
    }
}
