import SwiftProtobuf

extension ModelBuilder {
    typealias Field = Google_Protobuf_FieldDescriptorProto

    /// Built-in types a user's message may hold as members, by protobuf full name.
    static let builtInMembers: [String: String] = [
        ".datasetsdk.v1.DataFrame": "DataFrame",
        ".datasetsdk.v1.StringArray": "StringArray",
        ".datasetsdk.v1.Record": "Record",
        ".datasetsdk.v1.Bytes": "Bytes",
        ".datasetsdk.v1.Series": "Series",
    ]

    /// The typed column types a user's message may hold as `Column` members, by protobuf full
    /// name, with the type name a decoded member must have.
    static let columnMembers: [String: String] = [
        ".datasetsdk.v1.TimestampArray": "datasetsdk.TimestampArray",
        ".datasetsdk.v1.DurationArray": "datasetsdk.DurationArray",
        ".datasetsdk.v1.DateArray": "datasetsdk.DateArray",
        ".datasetsdk.v1.DecimalArray": "datasetsdk.DecimalArray",
        ".datasetsdk.v1.DictionaryArray": "datasetsdk.DictionaryArray",
    ]

    /// The property for `field`, or `nil` after reporting why it cannot be generated.
    mutating func propertyModel(_ field: Field, in message: Google_Protobuf_DescriptorProto, file: String, path: [Int32]) -> PropertyModel? {
        let options = field.options
        let isBlob = options.getExtensionValue(ext: DatasetOptions.blob) ?? false
        let isInline = options.getExtensionValue(ext: DatasetOptions.inline) ?? false
        let dtype = options.getExtensionValue(ext: DatasetOptions.dtype)
        let shapeText = options.getExtensionValue(ext: DatasetOptions.shape)
        let isRepeated = field.label == .repeated
        let where_ = "field '\(field.name)' of \(message.name)"

        if field.hasOneofIndex, !field.proto3Optional {
            report("unsupported field type: \(where_) is part of a oneof, which dataset objects do not support; use separate optional fields", file: file, path: path)
            return nil
        }
        if !isBlob, dtype != nil || shapeText != nil {
            let option = dtype != nil ? "dtype" : "shape"
            report("(datasetsdk.v1.\(option)) on \(where_) needs (datasetsdk.v1.blob) = true on a repeated numeric field", file: file, path: path + [8, dtype != nil ? DatasetOptions.Number.dtype : DatasetOptions.Number.shape])
            return nil
        }
        let mapEntry = field.type == .message ? descriptors.messages[field.typeName]?.descriptor : nil
        let isMap = isRepeated && mapEntry?.options.mapEntry == true
        if isInline, !isMap {
            report("(datasetsdk.v1.inline) on \(where_) applies only to map fields", file: file, path: path + [8, DatasetOptions.Number.inline])
            return nil
        }

        var storage: Storage
        var shape: [ShapeDimensionModel]?
        if isBlob {
            guard let blob = blobStorage(field, dtype: dtype, where_: where_, file: file, path: path) else { return nil }
            storage = blob
            if let shapeText {
                guard let parsed = parseShape(shapeText) else {
                    report("invalid (datasetsdk.v1.shape) \"\(shapeText)\" on \(where_): give dimensions separated by commas, each a number or a name, e.g. \"rows,13\"", file: file, path: path + [8, DatasetOptions.Number.shape])
                    return nil
                }
                guard case .tensor = storage else {
                    report("(datasetsdk.v1.shape) on \(where_) applies only to repeated numeric blob fields", file: file, path: path + [8, DatasetOptions.Number.shape])
                    return nil
                }
                shape = parsed
            }
        } else if isMap, let mapEntry {
            guard let map = mapStorage(mapEntry, inline: isInline, where_: where_, file: file, path: path) else { return nil }
            storage = map
        } else {
            guard let element = elementStorage(field, where_: where_, file: file, path: path) else { return nil }
            switch (element, isRepeated) {
            case let (.field(type), true): storage = .listField(elementType: type)
            case let (.member(type), true): storage = .memberList(elementType: type)
            case (.anyMember, true): storage = .memberList(elementType: nil)
            case (.column, true):
                report("unsupported field type: \(where_) is a repeated \(field.typeName.dropFirst()); a column holds many rows already (declare one column, or a message of columns)", file: file, path: path)
                return nil
            default: storage = element
            }
        }
        return PropertyModel(
            key: field.name,
            swiftName: Naming.lowerCamelCase(field.name),
            documentation: documentation(file: file, path: path),
            storage: storage,
            isOptional: field.proto3Optional || (isProto2(file) && field.label == .optional && storage.allowsAbsence),
            shape: shape
        )
    }

    /// proto2 files (`syntax` absent or "proto2"): `optional` fields may be absent, `required` ones not.
    func isProto2(_ file: String) -> Bool {
        let syntax = descriptors.file(named: file)?.syntax ?? ""
        return syntax.isEmpty || syntax == "proto2"
    }

    /// `bytes` → a blob; repeated numbers → a tensor member; repeated strings → a string array.
    private mutating func blobStorage(_ field: Field, dtype: String?, where_: String, file: String, path: [Int32]) -> Storage? {
        let isRepeated = field.label == .repeated
        let blobPath = path + [8, DatasetOptions.Number.blob]
        switch (field.type, isRepeated) {
        case (.bytes, false):
            if dtype != nil {
                report("(datasetsdk.v1.dtype) on \(where_) applies only to repeated numeric blob fields; a bytes blob is uninterpreted", file: file, path: path + [8, DatasetOptions.Number.dtype])
                return nil
            }
            return .blob
        case (.string, true):
            if dtype != nil {
                report("(datasetsdk.v1.dtype) on \(where_) applies only to repeated numeric blob fields", file: file, path: path + [8, DatasetOptions.Number.dtype])
                return nil
            }
            return .stringArray
        case (_, true):
            guard let natural = Self.tensorDTypes[field.type] else {
                report("unsupported field type: (datasetsdk.v1.blob) on \(where_) needs repeated numbers, bools or strings, or bytes; it is a repeated \(Self.typeDescription(field))", file: file, path: blobPath)
                return nil
            }
            let chosen = dtype ?? natural.first!
            guard natural.contains(chosen), let element = Self.swiftElements[chosen] else {
                report("(datasetsdk.v1.dtype) \"\(chosen)\" does not fit \(where_), a repeated \(Self.typeDescription(field)); use one of \(natural.joined(separator: ", "))", file: file, path: path + [8, DatasetOptions.Number.dtype])
                return nil
            }
            return .tensor(element: element)
        case (_, false):
            report("(datasetsdk.v1.blob) on a non-repeated field: \(where_) is a single \(Self.typeDescription(field)); blobs hold repeated numbers, bools or strings, or bytes", file: file, path: blobPath)
            return nil
        }
    }

    /// `map<string, scalar or Value>` → a map field (or inline fields); `map<string, object>`
    /// with `inline` → inline members.
    private mutating func mapStorage(_ entry: Google_Protobuf_DescriptorProto, inline: Bool, where_: String, file: String, path: [Int32]) -> Storage? {
        guard entry.field.count == 2, entry.field[0].type == .string else {
            report("unsupported field type: map \(where_) must have string keys (metadata maps are keyed by strings)", file: file, path: path)
            return nil
        }
        guard let value = elementStorage(entry.field[1], where_: where_, file: file, path: path) else { return nil }
        switch value {
        case let .field(type) where type == "Value":
            return inline ? .inlineFields : .mapField(valueType: type)
        case let .field(type):
            if inline {
                report("(datasetsdk.v1.inline) on \(where_) applies to maps of datasetsdk.v1.Value or of dataset objects", file: file, path: path + [8, DatasetOptions.Number.inline])
                return nil
            }
            return .mapField(valueType: type)
        case let .member(type):
            guard inline else { return notInline(where_, file: file, path: path) }
            return .inlineMembers(elementType: type)
        case .anyMember:
            guard inline else { return notInline(where_, file: file, path: path) }
            return .inlineMembers(elementType: nil)
        default:
            report("unsupported field type: map values of \(where_) must be scalars, enums, datasetsdk.v1.Value or dataset objects", file: file, path: path)
            return nil
        }
    }

    private mutating func notInline(_ where_: String, file: String, path: [Int32]) -> Storage? {
        report("unsupported field type: map of messages \(where_) needs [(datasetsdk.v1.inline) = true] (its entries become members keyed by the map key)", file: file, path: path)
        return nil
    }

    /// The storage of one value of `field`'s type, ignoring `repeated`.
    private mutating func elementStorage(_ field: Field, where_: String, file: String, path: [Int32]) -> Storage? {
        if let scalar = Self.scalarTypes[field.type] { return .field(swiftType: scalar) }
        switch field.type {
        case .enum:
            guard let name = swiftNames[field.typeName] else { break }
            return .field(swiftType: name)
        case .message:
            if field.typeName == ".datasetsdk.v1.Value" { return .field(swiftType: "Value") }
            if field.typeName == ".datasetsdk.v1.ObjectMeta" { return .anyMember }
            if let builtIn = Self.builtInMembers[field.typeName] { return .member(swiftType: builtIn) }
            if let typeName = Self.columnMembers[field.typeName] { return .column(typeName: typeName) }
            if field.typeName == ".datasetsdk.v1.Tensor" {
                report("unsupported field type: \(where_) is a datasetsdk.v1.Tensor, whose element type is not known; declare `repeated <number type> \(field.name) = \(field.number) [(datasetsdk.v1.blob) = true];` for a typed tensor", file: file, path: path)
                return nil
            }
            if let entry = descriptors.messages[field.typeName], isObject(entry.descriptor), let name = swiftNames[field.typeName] {
                return .member(swiftType: name)
            }
            report("unsupported field type: \(where_) has message type \(field.typeName.dropFirst()), which is not a dataset object; add `option (datasetsdk.v1.object) = true;` to it, or store bulk data with (datasetsdk.v1.blob)", file: file, path: path)
            return nil
        default:
            break
        }
        report("unsupported field type: \(where_) is a \(Self.typeDescription(field))", file: file, path: path)
        return nil
    }

    private func parseShape(_ text: String) -> [ShapeDimensionModel]? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: " ") }
        var dimensions: [ShapeDimensionModel] = []
        for part in parts {
            if let extent = Int(part), extent >= 0 {
                dimensions.append(.fixed(extent))
            } else if let first = part.first, first.isLetter || first == "_", part.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), part.allSatisfy(\.isASCII) {
                dimensions.append(.named(part))
            } else {
                return nil
            }
        }
        return dimensions
    }

    static let scalarTypes: [Field.TypeEnum: String] = [
        .bool: "Bool", .int32: "Int32", .sint32: "Int32", .sfixed32: "Int32",
        .int64: "Int64", .sint64: "Int64", .sfixed64: "Int64",
        .uint32: "UInt32", .fixed32: "UInt32", .uint64: "UInt64", .fixed64: "UInt64",
        .float: "Float", .double: "Double", .string: "String", .bytes: "[UInt8]",
    ]

    /// The dtypes a repeated field of each protobuf type may be stored as; the first is its own.
    static let tensorDTypes: [Field.TypeEnum: [String]] = [
        .bool: ["bool"],
        .int32: ["int32", "int16", "int8"], .sint32: ["int32", "int16", "int8"], .sfixed32: ["int32", "int16", "int8"],
        .int64: ["int64"], .sint64: ["int64"], .sfixed64: ["int64"],
        .uint32: ["uint32", "uint16", "uint8"], .fixed32: ["uint32", "uint16", "uint8"],
        .uint64: ["uint64"], .fixed64: ["uint64"],
        .float: ["float32"], .double: ["float64"],
    ]

    static let swiftElements: [String: String] = [
        "bool": "Bool", "int8": "Int8", "int16": "Int16", "int32": "Int32", "int64": "Int64",
        "uint8": "UInt8", "uint16": "UInt16", "uint32": "UInt32", "uint64": "UInt64",
        "float32": "Float", "float64": "Double",
    ]

    static func typeDescription(_ field: Field) -> String {
        switch field.type {
        case .message, .enum: String(field.typeName.dropFirst())
        case .group: "group"
        default: "\(field.type)"
        }
    }
}

extension Storage {
    /// Whether a property of this storage can be a Swift optional (lists and maps cannot).
    var allowsAbsence: Bool {
        switch self {
        case .field, .blob, .member, .anyMember, .column: true
        default: false
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String { String(self).trimmingCharacters(in: set) }
}
