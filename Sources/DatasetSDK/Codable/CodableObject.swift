/// A `Codable` value as a ``DatasetObject``: pass any `Codable` value wherever the SDK expects
/// an object (a dataset's save, a container write).
///
/// Encoding uses ``ObjectEncoder`` (large numeric arrays go to blobs) and decoding
/// ``ObjectDecoder``; the stored object has type `datasetsdk.Codable`.
///
/// ```swift
/// struct Metrics: Codable, Sendable { var rmse: Double; var residuals: [Double] }
/// let object = CodableObject(Metrics(rmse: 0.13, residuals: residuals))
/// try await Container.write(object.encoded(), to: writer)
/// let back = try CodableObject<Metrics>(decoding: Container.read(file, source: "metrics.dso")).value
/// ```
public struct CodableObject<Value: Codable & Sendable>: DatasetObject {
    /// The wrapped value.
    ///
    /// ```swift
    /// var object = CodableObject(["epochs": 10])
    /// object.value["epochs"] = 20
    /// ```
    public var value: Value

    /// Wraps `value`.
    ///
    /// ```swift
    /// let object = CodableObject([0.25, 0.5, 0.75])
    /// ```
    public init(_ value: Value) {
        self.value = value
    }

    /// `datasetsdk.Codable`, for every wrapped type; the label `swift.type` names the Swift type
    /// informationally.
    ///
    /// ```swift
    /// print(CodableObject<[Int]>.typeName)   // datasetsdk.Codable
    /// ```
    public static var typeName: String { CodableFormat.typeName }

    /// The value encoded by a default ``ObjectEncoder``.
    ///
    /// ```swift
    /// let encoded = try CodableObject(["seed": 42]).encoded()
    /// print(encoded.fields["seed"]!)   // 42
    /// ```
    ///
    /// - Throws: what the value's `encode(to:)` throws.
    public func encoded() throws -> EncodedObject {
        try ObjectEncoder().encode(value)
    }

    /// The value encoded by `encoder` (for another ``ObjectEncoder/blobThreshold``, say).
    ///
    /// ```swift
    /// let encoded = try CodableObject(samples).encoded(using: ObjectEncoder(blobThreshold: 1 << 16))
    /// ```
    ///
    /// - Throws: what the value's `encode(to:)` throws.
    public func encoded(using encoder: ObjectEncoder) throws -> EncodedObject {
        try encoder.encode(value)
    }

    /// Decodes the value from `object` with a default ``ObjectDecoder``.
    ///
    /// ```swift
    /// let metrics = try CodableObject<Metrics>(decoding: encoded).value
    /// ```
    ///
    /// - Throws: ``ObjectError`` when `object` is not a `datasetsdk.Codable` object, or
    ///   `DecodingError` (with the coding path) when its content does not fit `Value`.
    public init(decoding object: EncodedObject) throws {
        value = try ObjectDecoder().decode(Value.self, from: object)
    }
}

/// Wrapped values compare equal when the values do.
///
/// ```swift
/// CodableObject([1, 2]) == CodableObject([1, 2])   // true
/// ```
extension CodableObject: Equatable where Value: Equatable {}

/// Hashes the wrapped value.
///
/// ```swift
/// let seen: Set = [CodableObject("a"), CodableObject("b")]
/// ```
extension CodableObject: Hashable where Value: Hashable {}
