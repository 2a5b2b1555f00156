/// The names the Codable bridge writes into object metadata.
///
/// - Every keyed container (the top-level value and every nested one outside a list) is an object
///   of type ``typeName``: scalars and lists are its fields, nested keyed containers and promoted
///   arrays are its members.
/// - A top-level value that is not a keyed container (an `Int`, an array, `nil`) is stored under
///   the field or member ``valueKey`` of an object labelled ``rootLabel`` = ``singleRoot``. The
///   decoder relies on this label; ``swiftTypeLabel`` is informational only.
enum CodableFormat {
    /// Type name of every object the bridge writes.
    static let typeName = "datasetsdk.Codable"
    /// Label marking how the top-level value is stored.
    static let rootLabel = "datasetsdk.codable.root"
    /// Value of ``rootLabel`` when the top-level value sits under ``valueKey``.
    static let singleRoot = "single"
    /// Field or member holding a top-level value that is not a keyed container.
    static let valueKey = "value"
    /// Label holding `String(reflecting:)` of the encoded type; never read back.
    static let swiftTypeLabel = "swift.type"
    /// Type name of the objects promoted arrays become.
    static var tensorTypeName: String { Tensor<Double>.typeName }
}

/// A coding key for a position in an unkeyed container, or a fixed name such as `super`.
struct BridgeCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }

    init(name: String) {
        stringValue = name
        intValue = nil
    }

    init?(stringValue: String) { self.init(name: stringValue) }
    init?(intValue: Int) { self.init(index: intValue) }

    /// The key `superEncoder()` and `superDecoder()` use.
    static let `super` = BridgeCodingKey(name: "super")
}

// MARK: - Arrays promoted to tensors

/// An array of one of the element types of ``DType`` (`[Double]`, `[Int32]`, `[Bool]`, ...): the
/// bridge stores a large one as a one-dimensional ``Tensor`` member, so its bytes go to a blob.
protocol TensorPromotableArray {
    /// Whether the element type is one of the SDK's own (`Double`, `Int`, ...), not a type of
    /// the user's that also conforms to ``TensorElement``; only those are promoted.
    static var hasStandardElement: Bool { get }
    /// Bytes the elements take in a tensor blob.
    var tensorByteCount: Int { get }
    /// The elements as a one-dimensional tensor object (one copy into a new blob).
    func tensorObject() -> EncodedObject
    /// The elements of a one-dimensional tensor object of this array's dtype.
    static func decodeTensor(_ object: EncodedObject) throws(ObjectError) -> Self
}

/// The element types whose arrays are promoted: every type `DType.swift` declares.
private enum StandardElements {
    static let types: Set<ObjectIdentifier> = [
        ObjectIdentifier(Bool.self), ObjectIdentifier(Int8.self), ObjectIdentifier(Int16.self),
        ObjectIdentifier(Int32.self), ObjectIdentifier(Int64.self), ObjectIdentifier(Int.self),
        ObjectIdentifier(UInt8.self), ObjectIdentifier(UInt16.self), ObjectIdentifier(UInt32.self),
        ObjectIdentifier(UInt64.self), ObjectIdentifier(UInt.self), ObjectIdentifier(Float.self),
        ObjectIdentifier(Double.self),
    ]
}

extension Array: TensorPromotableArray where Element: TensorElement {
    static var hasStandardElement: Bool { StandardElements.types.contains(ObjectIdentifier(Element.self)) }

    var tensorByteCount: Int { count * MemoryLayout<Element>.stride }

    func tensorObject() -> EncodedObject { Tensor(self).encoded() }

    static func decodeTensor(_ object: EncodedObject) throws(ObjectError) -> [Element] {
        let tensor = try Tensor<Element>(decoding: object)
        guard tensor.rank == 1 else {
            throw .invalidField(
                "shape", typeName: object.typeName,
                expected: "a one-dimensional shape (decoding [\(Element.self)])", found: "\(tensor.shape)")
        }
        return tensor.scalars
    }
}

/// The elements of a one-dimensional tensor object as metadata values, for types that decode a
/// promoted array through an unkeyed container (`ContiguousArray<Double>`, `Set<Int>`, ...).
func tensorElementValues(_ object: EncodedObject) throws(ObjectError) -> [Value] {
    let dtypeName = try object.stringField("dtype")
    guard let dtype = DType(rawValue: dtypeName) else {
        throw .invalidField("dtype", typeName: object.typeName, expected: "a known dtype", found: dtypeName)
    }
    func values<E: TensorElement>(_: E.Type, _ convert: (E) -> Value) throws(ObjectError) -> [Value] {
        try [E].decodeTensor(object).map(convert)
    }
    switch dtype {
    case .bool: return try values(Bool.self) { .bool($0) }
    case .int8: return try values(Int8.self) { .int(Int64($0)) }
    case .int16: return try values(Int16.self) { .int(Int64($0)) }
    case .int32: return try values(Int32.self) { .int(Int64($0)) }
    case .int64: return try values(Int64.self) { .int($0) }
    case .uint8: return try values(UInt8.self) { .int(Int64($0)) }
    case .uint16: return try values(UInt16.self) { .int(Int64($0)) }
    case .uint32: return try values(UInt32.self) { .int(Int64($0)) }
    case .uint64: return try values(UInt64.self) { .uint($0) }
    case .float32: return try values(Float.self) { .double(Double($0)) }
    case .float64: return try values(Double.self) { .double($0) }
    }
}

extension ObjectError {
    /// `error` as met inside the nested member at `codingPath` (each key names a member).
    static func inMembers(_ codingPath: [any CodingKey], _ error: ObjectError) -> ObjectError {
        let names = codingPath.isEmpty ? [CodableFormat.valueKey] : codingPath.map(\.stringValue)
        return names.reversed().reduce(error) { .inMember($1, $0) }
    }
}
