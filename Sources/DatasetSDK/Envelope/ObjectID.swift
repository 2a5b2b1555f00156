/// The 16-byte identifier of a stored object.
public struct ObjectID: Sendable, Hashable, CustomStringConvertible {
    /// The identifier's bytes (16 of them for ids made by the SDK; empty for members without one).
    public let bytes: [UInt8]

    /// Wraps existing identifier bytes.
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// A new random identifier.
    public static func random() -> ObjectID {
        var generator = SystemRandomNumberGenerator()
        return ObjectID(bytes: (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// Lower-case hexadecimal.
    public var description: String { bytes.hexString }
}

extension Sequence<UInt8> {
    /// Lower-case hexadecimal digits, two per byte.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in self { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
