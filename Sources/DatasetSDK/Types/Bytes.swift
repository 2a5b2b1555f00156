/// An uninterpreted byte string stored as one blob: a model file, an image, a serialized blob
/// from another library.
///
/// ```swift
/// let payload = Bytes(Blob(copying: Array("hello".utf8)))
/// ```
public struct Bytes: Sendable, Equatable {
    /// The bytes.
    public var blob: Blob

    /// Wraps `blob`. O(1).
    public init(_ blob: Blob) { self.blob = blob }

    /// Number of bytes.
    public var count: Int { blob.count }

    public static func == (lhs: Bytes, rhs: Bytes) -> Bool { lhs.blob.hasSameBytes(as: rhs.blob) }
}

extension Bytes: DatasetObject {
    /// `datasetsdk.Bytes`.
    public static var typeName: String { BytesLayout.typeName }

    /// Blob `data` (``BytesLayout``, generated from types.proto). O(1).
    public func encoded() -> EncodedObject { BytesLayout(data: blob).encoded() }

    /// Views blob `data`. O(1).
    public init(decoding object: EncodedObject) throws(ObjectError) {
        blob = try BytesLayout(decoding: object).data
    }
}
