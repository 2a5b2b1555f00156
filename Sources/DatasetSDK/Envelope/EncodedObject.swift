/// An object in its stored shape: a type name, scalar fields, member objects and blobs.
///
/// Every ``DatasetObject`` encodes to this shape and decodes from it; containers, stores and
/// datasets move it without knowing the Swift type. Building one from existing blobs and decoding
/// one into a typed value are O(metadata): blob bytes are never copied.
///
/// ```swift
/// let encoded = try tensor.encoded()
/// print(encoded.typeName, encoded.fields["dtype"]!)   // datasetsdk.Tensor "float64"
/// let back = try Tensor<Double>(decoding: encoded)
/// ```
public struct EncodedObject: Sendable {
    /// Dotted type name, for example `datasetsdk.DataFrame`.
    public var typeName: String
    /// Identifier of the object; random for new top-level objects.
    public var id: ObjectID
    /// Named scalar values.
    public var fields: [String: Value]
    /// Named member objects.
    public var members: [String: EncodedObject]
    /// Named blobs.
    public var blobs: [String: Blob]
    /// Free-form labels, never interpreted by the SDK.
    public var labels: [String: String]
    /// Whether the blobs come from a source that only holds layouts the SDK validated when it
    /// wrote them (a sealed shared-memory store segment), so decoders may skip O(n) scans such
    /// as string-offset validation and keep only O(1) bounds checks.
    package var hasTrustedLayout = false

    /// Creates an object of `typeName` from its parts.
    public init(
        typeName: String,
        id: ObjectID = ObjectID(bytes: []),
        fields: [String: Value] = [:],
        members: [String: EncodedObject] = [:],
        blobs: [String: Blob] = [:],
        labels: [String: String] = [:]
    ) {
        self.typeName = typeName
        self.id = id
        self.fields = fields
        self.members = members
        self.blobs = blobs
        self.labels = labels
    }

    /// Bytes of all blobs of this object and its members. O(number of objects).
    public var totalBytes: Int {
        blobs.values.reduce(0) { $0 + $1.count } + members.values.reduce(0) { $0 + $1.totalBytes }
    }

    /// Calls `body` for every blob of this object and its members, depth first, in a
    /// deterministic order (sorted names). `path` names the blob, e.g. `["SalePrice", "data"]`.
    public func forEachBlob(_ body: (_ path: [String], _ blob: Blob) throws -> Void) rethrows {
        try forEachBlob(prefix: [], body)
    }

    private func forEachBlob(prefix: [String], _ body: ([String], Blob) throws -> Void) rethrows {
        for name in blobs.keys.sorted() { try body(prefix + [name], blobs[name]!) }
        for name in members.keys.sorted() { try members[name]!.forEachBlob(prefix: prefix + [name], body) }
    }
}

// MARK: - Typed access with errors that name the object and the key

extension EncodedObject {
    /// Throws unless this object's type name is `expected`.
    public func requireType(_ expected: String) throws(ObjectError) {
        guard typeName == expected else { throw .typeMismatch(expected: expected, found: typeName) }
    }

    /// The field `name`, or an error naming the object and the field.
    public func field(_ name: String) throws(ObjectError) -> Value {
        guard let value = fields[name] else { throw .missingField(name, typeName: typeName) }
        return value
    }

    /// The field `name` as a string.
    public func stringField(_ name: String) throws(ObjectError) -> String {
        let value = try field(name)
        guard let string = value.stringValue else {
            throw .invalidField(name, typeName: typeName, expected: "a string", found: value.kindName)
        }
        return string
    }

    /// The field `name` as a non-negative Int.
    public func countField(_ name: String) throws(ObjectError) -> Int {
        let value = try field(name)
        guard let int = value.intValue, int >= 0 else {
            throw .invalidField(name, typeName: typeName, expected: "a non-negative integer", found: value.description)
        }
        return int
    }

    /// The field `name` as a list of strings.
    public func stringListField(_ name: String) throws(ObjectError) -> [String] {
        let value = try field(name)
        guard let list = value.listValue else {
            throw .invalidField(name, typeName: typeName, expected: "a list of strings", found: value.kindName)
        }
        var strings: [String] = []
        strings.reserveCapacity(list.count)
        for item in list {
            guard let string = item.stringValue else {
                throw .invalidField(name, typeName: typeName, expected: "a list of strings", found: "a list holding \(item.kindName)")
            }
            strings.append(string)
        }
        return strings
    }

    /// The blob `name`, or an error naming the object and the blob.
    public func blob(_ name: String) throws(ObjectError) -> Blob {
        guard let blob = blobs[name] else { throw .missingBlob(name, typeName: typeName) }
        return blob
    }

    /// The member `name`, or an error naming the object and the member.
    public func member(_ name: String) throws(ObjectError) -> EncodedObject {
        guard let member = members[name] else { throw .missingMember(name, typeName: typeName) }
        return member
    }
}
