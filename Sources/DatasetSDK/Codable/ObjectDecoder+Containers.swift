// The decoding containers of ObjectDecoder.

/// Reads the entries of a keyed container: an object's fields and members, or a map value
/// (a keyed container that was inside a list).
struct ObjectKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    enum Source {
        case object(EncodedObject)
        case map([String: Value])
    }

    let decoder: ValueDecoder
    let source: Source
    let codingPath: [any CodingKey]

    var allKeys: [Key] {
        switch source {
        case let .object(object): (Array(object.fields.keys) + object.members.keys).compactMap { Key(stringValue: $0) }
        case let .map(entries): entries.keys.compactMap { Key(stringValue: $0) }
        }
    }

    func contains(_ key: Key) -> Bool { entry(key.stringValue) != nil }

    private func entry(_ name: String) -> DecodingNode? {
        switch source {
        case let .object(object):
            if let value = object.fields[name] { return .value(value) }
            return object.members[name].map { .object($0) }
        case let .map(entries):
            return entries[name].map { .value($0) }
        }
    }

    private func require(_ key: Key) throws -> DecodingNode {
        guard let node = entry(key.stringValue) else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return node
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .value(.null) = try require(key) { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try decoder.unboxBool(require(key), at: codingPath + [key])
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try decoder.unboxString(require(key), at: codingPath + [key])
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try float(key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try float(key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.decode(T.self, from: require(key), at: codingPath + [key])
    }

    private func integer<I: FixedWidthInteger>(_ key: Key) throws -> I {
        try decoder.unboxInteger(require(key), as: I.self, at: codingPath + [key])
    }

    private func float<F: BinaryFloatingPoint>(_ key: Key) throws -> F {
        try decoder.unboxFloat(require(key), as: F.self, at: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try childDecoder(require(key), key).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try childDecoder(require(key), key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        childDecoder(entry(BridgeCodingKey.super.stringValue) ?? .value(.null), BridgeCodingKey.super)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        childDecoder(entry(key.stringValue) ?? .value(.null), key)
    }

    private func childDecoder(_ node: DecodingNode, _ key: any CodingKey) -> ValueDecoder {
        decoder.child(node, at: codingPath + [key])
    }
}

/// Reads the elements of a list value in order.
struct ObjectUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let decoder: ValueDecoder
    let items: [Value]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(decoder: ValueDecoder, items: [Value], codingPath: [any CodingKey]) {
        self.decoder = decoder
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private var currentPath: [any CodingKey] { codingPath + [BridgeCodingKey(index: currentIndex)] }

    private func atEnd<T>(_ type: T.Type) -> DecodingError {
        .valueNotFound(T.self, .init(codingPath: currentPath, debugDescription: "Unkeyed container is at end."))
    }

    /// Decodes the current element with `body` and moves past it only when that succeeds.
    private mutating func next<T>(
        _ type: T.Type, _ body: (ValueDecoder, DecodingNode, [any CodingKey]) throws -> T
    ) throws -> T {
        guard !isAtEnd else { throw atEnd(T.self) }
        let result = try body(decoder, .value(items[currentIndex]), currentPath)
        currentIndex += 1
        return result
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw atEnd(Any?.self) }
        guard items[currentIndex] == .null else { return false }  // the element stays to be decoded
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(Bool.self) { try $0.unboxBool($1, at: $2) } }
    mutating func decode(_ type: String.Type) throws -> String { try next(String.self) { try $0.unboxString($1, at: $2) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try float() }
    mutating func decode(_ type: Float.Type) throws -> Float { try float() }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer() }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next(T.self) { try $0.decode(T.self, from: $1, at: $2) }
    }

    private mutating func integer<I: FixedWidthInteger>() throws -> I {
        try next(I.self) { try $0.unboxInteger($1, as: I.self, at: $2) }
    }

    private mutating func float<F: BinaryFloatingPoint>() throws -> F {
        try next(F.self) { try $0.unboxFloat($1, as: F.self, at: $2) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next(KeyedDecodingContainer<NestedKey>.self) { decoder, node, path in
            try decoder.child(node, at: path).container(keyedBy: NestedKey.self)
        }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next((any UnkeyedDecodingContainer).self) { decoder, node, path in
            try decoder.child(node, at: path).unkeyedContainer()
        }
    }

    mutating func superDecoder() throws -> any Decoder {
        try next((any Decoder).self) { decoder, node, path in decoder.child(node, at: path) }
    }
}

/// Reads the one value of a decoder.
struct ObjectSingleValueDecodingContainer: SingleValueDecodingContainer {
    let decoder: ValueDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }
    private var node: DecodingNode { decoder.node }

    func decodeNil() -> Bool {
        if case .value(.null) = node { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool { try decoder.unboxBool(node, at: codingPath) }
    func decode(_ type: String.Type) throws -> String { try decoder.unboxString(node, at: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try decoder.unboxFloat(node, as: Double.self, at: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try decoder.unboxFloat(node, as: Float.self, at: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try integer() }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.decode(T.self, from: node, at: codingPath)
    }

    private func integer<I: FixedWidthInteger>() throws -> I {
        try decoder.unboxInteger(node, as: I.self, at: codingPath)
    }
}
