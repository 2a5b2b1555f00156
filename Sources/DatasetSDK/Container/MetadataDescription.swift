/// Renders object metadata as a ``Value`` tree for people and tools (`datasets inspect`).
enum MetadataDescription {
    static func describe(_ meta: Datasetsdk_V1_ObjectMeta) -> Value {
        var out: [String: Value] = [
            "type": .string(meta.typeName),
            "total_bytes": .uint(meta.totalBytes),
        ]
        if meta.formatVersion != 0 { out["format_version"] = .string("\(meta.formatVersion / 1000).\(meta.formatVersion % 1000)") }
        if !meta.id.isEmpty { out["id"] = .string(Array(meta.id).hexString) }
        if !meta.fields.isEmpty { out["fields"] = .map(meta.fields.mapValues(Value.init(proto:))) }
        if !meta.labels.isEmpty { out["labels"] = .map(meta.labels.mapValues { .string($0) }) }
        if !meta.blobs.isEmpty { out["blobs"] = .map(meta.blobs.mapValues(describe(blob:))) }
        if !meta.members.isEmpty { out["members"] = .map(meta.members.mapValues(describe)) }
        return .map(out)
    }

    static func describe(blob reference: Datasetsdk_V1_BlobRef) -> Value {
        var out: [String: Value] = ["size": .uint(reference.size)]
        switch reference.checksumKind {
        case .crc32: out["crc32"] = .string(String(format8: UInt32(truncatingIfNeeded: reference.checksum)))
        case .none: break
        case let .UNRECOGNIZED(kind): out["checksum"] = .string("unknown kind \(kind)")
        }
        switch reference.location {
        case let .containerOffset(offset)?: out["offset"] = .uint(offset)
        case let .storeKey(key)?: out["store_key"] = .string(key)
        case nil: break
        }
        return .map(out)
    }
}

extension String {
    /// Eight lower-case hex digits.
    init(format8 value: UInt32) {
        let hex = String(value, radix: 16)
        self = String(repeating: "0", count: 8 - hex.count) + hex
    }
}

extension Value {
    /// JSON text with sorted keys; `pretty` indents by two spaces.
    public func jsonString(pretty: Bool = false) -> String { JSONRendering.render(self, indent: pretty ? 2 : nil) }
}
