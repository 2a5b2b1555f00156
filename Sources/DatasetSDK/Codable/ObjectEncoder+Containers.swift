// The encoding containers of ObjectEncoder: each writes into the box of the container it
// stands for, so nested containers can be filled in any order.

/// Writes the entries of a keyed container; the container becomes an object (or a map value
/// inside a list).
struct ObjectKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: ValueEncoder
    let box: KeyedEncodingBox
    let codingPath: [any CodingKey]
    /// Whether large numeric arrays under these keys may be promoted to tensors.
    let blobsAllowed: Bool

    private func set(_ value: Value, for key: Key) { box.entries[key.stringValue] = .scalar(value) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, for: key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), for: key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), for: key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(.double(value), for: key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(.double(Double(value)), for: key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.int(Int64(value)), for: key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.int(Int64(value)), for: key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.int(Int64(value)), for: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.int(Int64(value)), for: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.int(value), for: key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(.uint(UInt64(value)), for: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.int(Int64(value)), for: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.int(Int64(value)), for: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.int(Int64(value)), for: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.uint(value), for: key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        box.entries[key.stringValue] = try encoder.encodeNode(value, at: codingPath + [key], blobsAllowed: blobsAllowed)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = KeyedEncodingBox()
        box.entries[key.stringValue] = .keyed(nested)
        return KeyedEncodingContainer(
            ObjectKeyedEncodingContainer<NestedKey>(
                encoder: encoder, box: nested, codingPath: codingPath + [key], blobsAllowed: blobsAllowed))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = UnkeyedEncodingBox()
        box.entries[key.stringValue] = .unkeyed(nested)
        return ObjectUnkeyedEncodingContainer(encoder: encoder, box: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: BridgeCodingKey.super) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key) }

    private func superEncoder(named key: any CodingKey) -> any Encoder {
        let superEncoder = ValueEncoder(options: encoder.options, codingPath: codingPath + [key], blobsAllowed: blobsAllowed)
        box.entries[key.stringValue] = .deferred(superEncoder)
        return superEncoder
    }
}

/// Appends the elements of an unkeyed container, which becomes a list value. Nothing inside a
/// list is promoted to a tensor.
struct ObjectUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let encoder: ValueEncoder
    let box: UnkeyedEncodingBox
    let codingPath: [any CodingKey]

    var count: Int { box.items.count }

    private func append(_ value: Value) { box.items.append(.scalar(value)) }
    private var nextPath: [any CodingKey] { codingPath + [BridgeCodingKey(index: count)] }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(.double(value)) }
    mutating func encode(_ value: Float) throws { append(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { append(.int(value)) }
    mutating func encode(_ value: UInt) throws { append(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { append(.int(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { append(.uint(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let node = try encoder.encodeNode(value, at: nextPath, blobsAllowed: false)
        box.items.append(node)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = KeyedEncodingBox()
        let path = nextPath
        box.items.append(.keyed(nested))
        return KeyedEncodingContainer(
            ObjectKeyedEncodingContainer<NestedKey>(encoder: encoder, box: nested, codingPath: path, blobsAllowed: false))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = UnkeyedEncodingBox()
        let path = nextPath
        box.items.append(.unkeyed(nested))
        return ObjectUnkeyedEncodingContainer(encoder: encoder, box: nested, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let superEncoder = ValueEncoder(options: encoder.options, codingPath: nextPath, blobsAllowed: false)
        box.items.append(.deferred(superEncoder))
        return superEncoder
    }
}

/// Encodes the one value of an encoder; what it encodes takes the encoder's place.
struct ObjectSingleValueEncodingContainer: SingleValueEncodingContainer {
    let encoder: ValueEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    private func set(_ node: EncodingNode) {
        precondition(encoder.node == nil, "Attempt to encode value through single value container when previously value already encoded.")
        encoder.node = node
    }

    private func set(_ value: Value) { set(.scalar(value)) }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(.double(value)) }
    mutating func encode(_ value: Float) throws { set(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { set(.int(value)) }
    mutating func encode(_ value: UInt) throws { set(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { set(.int(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { set(.uint(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        set(try encoder.encodeNode(value, at: codingPath, blobsAllowed: encoder.blobsAllowed))
    }
}
