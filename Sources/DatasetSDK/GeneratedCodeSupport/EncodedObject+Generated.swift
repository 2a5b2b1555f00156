// Typed access used by the types `dataset-codegen` generates (and by the SDK's own built-in
// layouts, which the same generator produces). Each accessor's error names the object, the key
// and what was expected.

extension EncodedObject {
    /// The field `name` as `T`.
    ///
    /// - Throws: ``ObjectError/missingField(_:typeName:)`` when it is absent,
    ///   ``ObjectError/invalidField(_:typeName:expected:found:)`` when it has another kind.
    public func field<T: MetadataValueConvertible>(_ name: String, as type: T.Type) throws(ObjectError) -> T {
        try convert(field(name), named: name)
    }

    /// The field `name` as `T`, or `nil` when it is absent or null.
    public func optionalField<T: MetadataValueConvertible>(_ name: String, as type: T.Type) throws(ObjectError) -> T? {
        guard let value = fields[name], !value.isNull else { return nil }
        return try convert(value, named: name)
    }

    /// The list field `name`, every element as `T`.
    public func listField<T: MetadataValueConvertible>(_ name: String, of type: T.Type) throws(ObjectError) -> [T] {
        let value = try field(name)
        guard let list = value.listValue else {
            throw .invalidField(name, typeName: typeName, expected: "a list of \(T.metadataDescription)", found: value.kindName)
        }
        var result: [T] = []
        result.reserveCapacity(list.count)
        for (index, item) in list.enumerated() {
            guard let element = T(metadataValue: item) else {
                throw .invalidField(name, typeName: typeName, expected: "a list of \(T.metadataDescription)", found: "element \(index) = \(item)")
            }
            result.append(element)
        }
        return result
    }

    /// The map field `name`, every entry as `T`.
    public func mapField<T: MetadataValueConvertible>(_ name: String, of type: T.Type) throws(ObjectError) -> [String: T] {
        let value = try field(name)
        guard let map = value.mapValue else {
            throw .invalidField(name, typeName: typeName, expected: "a map of \(T.metadataDescription)", found: value.kindName)
        }
        var result: [String: T] = [:]
        result.reserveCapacity(map.count)
        for (key, item) in map {
            guard let element = T(metadataValue: item) else {
                throw .invalidField(name, typeName: typeName, expected: "a map of \(T.metadataDescription)", found: "entry '\(key)' = \(item)")
            }
            result[key] = element
        }
        return result
    }

    /// Decodes the member `name` with `decode`, naming the member in any error.
    public func decodeMember<T>(_ name: String, _ decode: (EncodedObject) throws(ObjectError) -> T) throws(ObjectError) -> T {
        let member = try member(name)
        do { return try decode(member) } catch { throw .inMember(name, error) }
    }

    /// Decodes the member `name` as a column of type `typeName` (`datasetsdk.TimestampArray`, ...),
    /// naming the member in any error.
    public func decodeColumnMember(_ name: String, as typeName: String) throws(ObjectError) -> Column {
        try decodeMember(name) { (member) throws(ObjectError) in
            try member.requireType(typeName)
            return try Column(decoding: member)
        }
    }

    /// ``decodeColumnMember(_:as:)``, or `nil` when there is no such member.
    public func decodeOptionalColumnMember(_ name: String, as typeName: String) throws(ObjectError) -> Column? {
        guard members[name] != nil else { return nil }
        return try decodeColumnMember(name, as: typeName)
    }

    /// Decodes the member `name` with `decode`, or returns `nil` when there is no such member.
    public func decodeOptionalMember<T>(_ name: String, _ decode: (EncodedObject) throws(ObjectError) -> T) throws(ObjectError) -> T? {
        guard let member = members[name] else { return nil }
        do { return try decode(member) } catch { throw .inMember(name, error) }
    }

    private func convert<T: MetadataValueConvertible>(_ value: Value, named name: String) throws(ObjectError) -> T {
        guard let converted = T(metadataValue: value) else {
            throw .invalidField(name, typeName: typeName, expected: T.metadataDescription, found: value.description)
        }
        return converted
    }
}

// MARK: - Ordered lists of members

extension EncodedObject {
    /// The type name of a list of member objects (a repeated message field).
    public static let listTypeName = "datasetsdk.List"

    /// A `datasetsdk.List` object: field `length` and members `"0"` ... `"n-1"`.
    public init(listOf elements: [EncodedObject]) {
        var members: [String: EncodedObject] = [:]
        members.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() { members[String(index)] = element }
        self.init(typeName: Self.listTypeName, fields: ["length": .int(Int64(elements.count))], members: members)
    }

    /// Decodes the `datasetsdk.List` member `name` element by element, naming the member and the
    /// index in any error.
    public func decodeListMember<T>(_ name: String, _ decode: (EncodedObject) throws(ObjectError) -> T) throws(ObjectError) -> [T] {
        let list = try member(name)
        do throws(ObjectError) {
            try list.requireType(Self.listTypeName)
            let length = try list.countField("length")
            var result: [T] = []
            result.reserveCapacity(min(length, list.members.count))
            for index in 0..<length {
                let key = String(index)
                let element = try list.member(key)
                do { result.append(try decode(element)) } catch { throw ObjectError.inMember(key, error) }
            }
            return result
        } catch {
            throw .inMember(name, error)
        }
    }
}
