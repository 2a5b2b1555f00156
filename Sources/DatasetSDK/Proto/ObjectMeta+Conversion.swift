import SwiftProtobuf

/// Conversions between the public object model and the generated protobuf messages. The
/// generated types never leave the module.
extension Value {
    init(proto: Datasetsdk_V1_Value) {
        switch proto.kind {
        case nil, .nullValue?: self = .null
        case let .boolValue(v)?: self = .bool(v)
        case let .intValue(v)?: self = .int(v)
        case let .uintValue(v)?: self = .uint(v)
        case let .doubleValue(v)?: self = .double(v)
        case let .stringValue(v)?: self = .string(v)
        case let .bytesValue(v)?: self = .bytes(Array(v))
        case let .listValue(list)?: self = .list(list.values.map(Value.init(proto:)))
        case let .mapValue(map)?: self = .map(map.entries.mapValues(Value.init(proto:)))
        }
    }

    var proto: Datasetsdk_V1_Value {
        var out = Datasetsdk_V1_Value()
        switch self {
        case .null: out.nullValue = Datasetsdk_V1_Null()
        case let .bool(v): out.boolValue = v
        case let .int(v): out.intValue = v
        case let .uint(v): out.uintValue = v
        case let .double(v): out.doubleValue = v
        case let .string(v): out.stringValue = v
        case let .bytes(v): out.bytesValue = .init(v)
        case let .list(items):
            var list = Datasetsdk_V1_ValueList()
            list.values = items.map(\.proto)
            out.listValue = list
        case let .map(entries):
            var map = Datasetsdk_V1_ValueMap()
            map.entries = entries.mapValues(\.proto)
            out.mapValue = map
        }
        return out
    }
}

/// The format version written into `ObjectMeta.format_version`: major * 1000 + minor.
let metadataFormatVersion: UInt32 = 1000

extension EncodedObject {
    /// The metadata of this object; `reference` gives each blob's reference (size, checksum and
    /// location), called with the blob's path (member names, then the blob name).
    func metadata(
        path: [String] = [],
        topLevel: Bool = true,
        reference: ([String], Blob) throws -> Datasetsdk_V1_BlobRef
    ) rethrows -> Datasetsdk_V1_ObjectMeta {
        var meta = Datasetsdk_V1_ObjectMeta()
        if topLevel { meta.formatVersion = metadataFormatVersion }
        meta.typeName = typeName
        meta.id = .init(id.bytes)
        meta.totalBytes = UInt64(totalBytes)
        meta.fields = fields.mapValues(\.proto)
        meta.labels = labels
        for (name, blob) in blobs { meta.blobs[name] = try reference(path + [name], blob) }
        for (name, member) in members {
            meta.members[name] = try member.metadata(path: path + [name], topLevel: false, reference: reference)
        }
        return meta
    }

    /// Rebuilds an object from metadata; `resolve` turns each blob reference into bytes.
    init<E: Error>(
        metadata meta: Datasetsdk_V1_ObjectMeta,
        path: [String] = [],
        resolve: ([String], Datasetsdk_V1_BlobRef) throws(E) -> Blob
    ) throws(E) {
        var blobs: [String: Blob] = [:]
        for (name, reference) in meta.blobs { blobs[name] = try resolve(path + [name], reference) }
        var members: [String: EncodedObject] = [:]
        for (name, member) in meta.members {
            members[name] = try EncodedObject(metadata: member, path: path + [name], resolve: resolve)
        }
        self.init(
            typeName: meta.typeName,
            id: ObjectID(bytes: Array(meta.id)),
            fields: meta.fields.mapValues(Value.init(proto:)),
            members: members,
            blobs: blobs,
            labels: meta.labels
        )
    }
}

extension Datasetsdk_V1_ObjectMeta {
    /// Deterministic binary encoding (map entries sorted by key). Refuses metadata that nests
    /// deeper than readers accept (100 levels, counted as `docs/format.md` reading step 11 does,
    /// which is how SwiftProtobuf's default limit counts): never write what no reader loads.
    func deterministicBytes() throws -> [UInt8] {
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        let bytes: [UInt8] = try serializedBytes(options: options)
        do { _ = try Datasetsdk_V1_ObjectMeta(serializedBytes: bytes) } catch BinaryDecodingError.messageDepthLimit {
            throw ObjectError.invalidArgument(
                "the \(typeName) object nests its metadata deeper than the 100 levels every reader accepts (docs/format.md, reading step 11); flatten it (fewer nested members, lists or maps) to save it")
        }
        return bytes
    }
}
