/// A scalar or structured metadata value: what an object's fields, a record's entries and a
/// catalog entry's options hold.
///
/// ```swift
/// let shape: Value = [1460, 81]
/// let options: Value = ["level": 3, "workers": "all"]
/// ```
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list([Value])
    case map([String: Value])
}

extension Value {
    /// The value as a Bool, when it is one.
    public var boolValue: Bool? { if case let .bool(v) = self { v } else { nil } }

    /// The value as an Int, when it is an integer (signed or unsigned) that fits, or a Double
    /// with an integral value that fits.
    public var intValue: Int? {
        switch self {
        case let .int(v): Int(exactly: v)
        case let .uint(v): Int(exactly: v)
        case let .double(v): Int(exactly: v)
        default: nil
        }
    }

    /// The value as a Double, when it is a number.
    public var doubleValue: Double? {
        switch self {
        case let .double(v): v
        case let .int(v): Double(v)
        case let .uint(v): Double(v)
        default: nil
        }
    }

    /// The value as a String, when it is one.
    public var stringValue: String? { if case let .string(v) = self { v } else { nil } }

    /// The value as a list, when it is one.
    public var listValue: [Value]? { if case let .list(v) = self { v } else { nil } }

    /// The value as a map, when it is one.
    public var mapValue: [String: Value]? { if case let .map(v) = self { v } else { nil } }

    /// Whether the value is ``null``.
    public var isNull: Bool { self == .null }

    /// A short name of the value's kind, for error messages ("string", "list", ...).
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .string: "string"
        case .bytes: "bytes"
        case .list: "list"
        case .map: "map"
        }
    }
}

extension Value: ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension Value: CustomStringConvertible {
    /// A JSON-like rendering (bytes as base64 in a `b64:` string).
    public var description: String { JSONRendering.render(self) }
}
