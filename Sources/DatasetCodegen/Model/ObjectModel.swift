/// The generator's model: what to generate for one `.proto` file, independent of protobuf's
/// descriptors (built by ``ModelBuilder``) and of Swift syntax (rendered by ``SwiftRenderer``).
struct FileModel: Sendable, Equatable {
    /// The file's name as protoc knows it (relative to its import path).
    var protoPath: String
    /// Top-level enums.
    var enums: [EnumModel]
    /// Top-level dataset objects.
    var objects: [ObjectModel]
}

/// A message marked `(datasetsdk.v1.object)`.
struct ObjectModel: Sendable, Equatable {
    /// The Swift type's own name (not qualified).
    var swiftName: String
    /// The type name stored in the metadata.
    var typeName: String
    /// Doc comment lines from the `.proto`.
    var documentation: [String]
    var properties: [PropertyModel]
    var nestedEnums: [EnumModel]
    var nestedObjects: [ObjectModel]

    /// Whether any property declares a shape (the memberwise initializer then checks shapes).
    var checksShapes: Bool { properties.contains { $0.shape != nil } }
}

/// A protobuf enum, generated as a Swift enum with string raw values.
struct EnumModel: Sendable, Equatable {
    var swiftName: String
    var documentation: [String]
    var cases: [EnumCaseModel]
}

/// One enum value: its Swift case name and the string stored in the metadata.
struct EnumCaseModel: Sendable, Equatable {
    var swiftName: String
    var storedName: String
    var documentation: [String]
}

/// One field of an object and how it is stored.
struct PropertyModel: Sendable, Equatable {
    /// The key in the metadata: the protobuf field name.
    var key: String
    /// The Swift property name (lowerCamelCase, not escaped).
    var swiftName: String
    var documentation: [String]
    var storage: Storage
    /// Declared `optional`: may be absent.
    var isOptional: Bool
    /// The declared shape of a tensor property.
    var shape: [ShapeDimensionModel]?
}

/// A dimension of a declared shape.
enum ShapeDimensionModel: Sendable, Equatable {
    case fixed(Int)
    case named(String)
}

/// Where and how a property is stored in the object.
enum Storage: Sendable, Equatable {
    /// A field holding one scalar of Swift type `swiftType` (conforms to MetadataValueConvertible).
    case field(swiftType: String)
    /// A list field of scalars.
    case listField(elementType: String)
    /// A map field with string keys.
    case mapField(valueType: String)
    /// Every field of the object that no other property claims (`[String: Value]`).
    case inlineFields
    /// One blob, viewed as `Blob`.
    case blob
    /// A `datasetsdk.Tensor` member viewed as `Tensor<element>`.
    case tensor(element: String)
    /// A `datasetsdk.StringArray` member.
    case stringArray
    /// A member of a dataset object type.
    case member(swiftType: String)
    /// A member of any type, kept as `EncodedObject`.
    case anyMember
    /// A typed column member (`datasetsdk.TimestampArray`, ...) viewed as `Column`.
    case column(typeName: String)
    /// A `datasetsdk.List` member of objects of `elementType` (`nil`: any, as `EncodedObject`).
    case memberList(elementType: String?)
    /// Every member of the object that no other property claims (`elementType` nil: any).
    case inlineMembers(elementType: String?)

    /// The Swift type of the stored value, without optionality.
    var swiftType: String {
        switch self {
        case let .field(type): type
        case let .listField(element): "[\(element)]"
        case let .mapField(value): "[String: \(value)]"
        case .inlineFields: "[String: Value]"
        case .blob: "Blob"
        case let .tensor(element): "Tensor<\(element)>"
        case .stringArray: "StringArray"
        case let .member(type): type
        case .anyMember: "EncodedObject"
        case .column: "Column"
        case let .memberList(element): "[\(element ?? "EncodedObject")]"
        case let .inlineMembers(element): "[String: \(element ?? "EncodedObject")]"
        }
    }
}
