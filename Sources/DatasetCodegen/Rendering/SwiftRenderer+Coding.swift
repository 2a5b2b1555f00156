extension SwiftRenderer {
    /// `encoded()`: every property into its field, blob or member. Inline maps come last and
    /// never replace what a declared property stored.
    func renderEncoding(_ object: ObjectModel, into writer: inout CodeWriter) {
        writer.line("/// The value as metadata plus blob views. O(fields + members): no blob bytes are copied.")
        writer.block("\(accessPrefix)func encoded() -> EncodedObject {") { writer in
            writer.line("var object = EncodedObject(typeName: Self.typeName)")
            let ordered = object.properties.filter { !$0.isInline } + object.properties.filter(\.isInline)
            for property in ordered {
                let name = Naming.escaped(property.swiftName)
                let value = property.isOptional ? "value" : name
                guard let statement = encodeStatement(property, value: value) else { continue }
                if property.isOptional {
                    writer.block("if let value = \(name) {") { $0.line(statement) }
                } else {
                    writer.line(statement)
                }
            }
            writer.line("return object")
        }
    }

    private func encodeStatement(_ property: PropertyModel, value: String) -> String? {
        let key = "\"\(property.key)\""
        switch property.storage {
        case .field: return "object.fields[\(key)] = \(value).metadataValue"
        case .listField: return "object.fields[\(key)] = .list(\(value).map(\\.metadataValue))"
        case .mapField: return "object.fields[\(key)] = .map(\(value).mapValues(\\.metadataValue))"
        case .inlineFields: return "object.fields.merge(\(value)) { declared, _ in declared }"
        case .blob: return "object.blobs[\(key)] = \(value)"
        case .tensor, .stringArray, .member, .column: return "object.members[\(key)] = \(value).encoded()"
        case .anyMember: return "object.members[\(key)] = \(value)"
        case .memberList(nil): return "object.members[\(key)] = EncodedObject(listOf: \(value))"
        case .memberList: return "object.members[\(key)] = EncodedObject(listOf: \(value).map { $0.encoded() })"
        case .inlineMembers(nil): return "object.members.merge(\(value)) { declared, _ in declared }"
        case .inlineMembers: return "object.members.merge(\(value).mapValues { $0.encoded() }) { declared, _ in declared }"
        }
    }

    /// `init(decoding:)`: the type name, then every property in declaration order.
    func renderDecoding(_ object: ObjectModel, into writer: inout CodeWriter) {
        writer.documentation([
            "Decodes a value, checking the type name and every field, blob and member it needs"
                + (object.checksShapes ? ", and the declared shapes." : "."),
            "O(fields + members): blobs are viewed, not copied. Unknown fields and members are ignored.",
        ])
        writer.block("\(accessPrefix)init(decoding object: EncodedObject) throws(ObjectError) {") { writer in
            writer.line("try object.requireType(Self.typeName)")
            for property in object.properties {
                decode(property, in: object, into: &writer)
            }
            if object.checksShapes { writer.line("try checkShapes()") }
        }
    }

    private func decode(_ property: PropertyModel, in object: ObjectModel, into writer: inout CodeWriter) {
        let key = "\"\(property.key)\""
        let target = "self.\(Naming.escaped(property.swiftName))"
        let optional = property.isOptional
        switch property.storage {
        case let .field(type):
            writer.line("\(target) = try object.\(optional ? "optionalField" : "field")(\(key), as: \(type).self)")
        case let .listField(type):
            writer.line("\(target) = try object.listField(\(key), of: \(type).self)")
        case let .mapField(type):
            writer.line("\(target) = try object.mapField(\(key), of: \(type).self)")
        case .inlineFields:
            let declared = declaredKeys(object) { $0.storesField }
            writer.line(declared.isEmpty ? "\(target) = object.fields" : "\(target) = object.fields.filter { ![\(declared)].contains($0.key) }")
        case .blob:
            writer.line(optional ? "\(target) = object.blobs[\(key)]" : "\(target) = try object.blob(\(key))")
        case .tensor, .stringArray, .member:
            let type = property.storage.swiftType
            writer.line("\(target) = try object.\(optional ? "decodeOptionalMember" : "decodeMember")(\(key), \(type).init(decoding:))")
        case .anyMember:
            writer.line(optional ? "\(target) = object.members[\(key)]" : "\(target) = try object.member(\(key))")
        case let .column(typeName):
            writer.line("\(target) = try object.\(optional ? "decodeOptionalColumnMember" : "decodeColumnMember")(\(key), as: \"\(typeName)\")")
        case .memberList(nil):
            writer.line("\(target) = try object.decodeListMember(\(key)) { $0 }")
        case let .memberList(type?):
            writer.line("\(target) = try object.decodeListMember(\(key), \(type).init(decoding:))")
        case let .inlineMembers(type):
            let declared = declaredKeys(object) { !$0.storesField && $0.storage != .blob }
            let filter = declared.isEmpty ? "" : " where ![\(declared)].contains(key)"
            guard let type else {
                writer.line(declared.isEmpty ? "\(target) = object.members" : "\(target) = object.members.filter { ![\(declared)].contains($0.key) }")
                return
            }
            writer.line("var \(property.swiftName)Entries: [String: \(type)] = [:]")
            writer.block("for (key, member) in object.members\(filter) {") { writer in
                writer.line("do { \(property.swiftName)Entries[key] = try \(type)(decoding: member) } catch { throw .inMember(key, error) }")
            }
            writer.line("\(target) = \(property.swiftName)Entries")
        }
    }

    /// The keys of the object's other properties of one kind, as a Swift array literal's body.
    private func declaredKeys(_ object: ObjectModel, where include: (PropertyModel) -> Bool) -> String {
        object.properties.filter { !$0.isInline && include($0) }.map { "\"\($0.key)\"" }.joined(separator: ", ")
    }

    var accessPrefix: String { visibility == "internal" ? "" : "\(visibility) " }
}

extension PropertyModel {
    /// Whether the property is an inline map (stored as the object's own fields or members).
    var isInline: Bool {
        switch storage {
        case .inlineFields, .inlineMembers: true
        default: false
        }
    }

    /// Whether the property is stored in the object's fields.
    var storesField: Bool {
        switch storage {
        case .field, .listField, .mapField, .inlineFields: true
        default: false
        }
    }
}
