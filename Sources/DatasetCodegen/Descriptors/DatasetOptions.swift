import SwiftProtobuf

/// The custom options of `proto/datasetsdk/v1/options.proto`, declared by field number so that
/// SwiftProtobuf decodes them from protoc's descriptor set without protoc-gen-swift.
enum DatasetOptions {
    typealias MessageOption<Value: FieldType> = MessageExtension<OptionalExtensionField<Value>, Google_Protobuf_MessageOptions>
    typealias FieldOption<Value: FieldType> = MessageExtension<OptionalExtensionField<Value>, Google_Protobuf_FieldOptions>

    static let object = MessageOption<ProtobufBool>(_protobuf_fieldNumber: 51000, fieldName: "datasetsdk.v1.object")
    static let typeName = MessageOption<ProtobufString>(_protobuf_fieldNumber: 51001, fieldName: "datasetsdk.v1.type_name")
    static let swiftName = MessageOption<ProtobufString>(_protobuf_fieldNumber: 51002, fieldName: "datasetsdk.v1.swift_name")
    static let blob = FieldOption<ProtobufBool>(_protobuf_fieldNumber: 51010, fieldName: "datasetsdk.v1.blob")
    static let dtype = FieldOption<ProtobufString>(_protobuf_fieldNumber: 51011, fieldName: "datasetsdk.v1.dtype")
    static let shape = FieldOption<ProtobufString>(_protobuf_fieldNumber: 51012, fieldName: "datasetsdk.v1.shape")
    static let inline = FieldOption<ProtobufBool>(_protobuf_fieldNumber: 51013, fieldName: "datasetsdk.v1.inline")

    /// Every option, for decoding.
    static let all: SimpleExtensionMap = [object, typeName, swiftName, blob, dtype, shape, inline]

    /// Field numbers inside `FieldOptions` / `MessageOptions`, for source locations.
    enum Number {
        static let object: Int32 = 51000
        static let blob: Int32 = 51010
        static let dtype: Int32 = 51011
        static let shape: Int32 = 51012
        static let inline: Int32 = 51013
    }
}
