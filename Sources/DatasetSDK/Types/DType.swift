/// The element type of a tensor or column, with its name in the metadata (numpy's names).
public enum DType: String, Sendable, CaseIterable, Hashable {
    case bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64

    /// Bytes per element.
    public var byteWidth: Int {
        switch self {
        case .bool, .int8, .uint8: 1
        case .int16, .uint16: 2
        case .int32, .uint32, .float32: 4
        case .int64, .uint64, .float64: 8
        }
    }
}

extension DType {
    /// The generated layout's enum (same names), and back.
    package var layout: TensorLayout.DType { TensorLayout.DType(rawValue: rawValue)! }
    package init(_ layout: TensorLayout.DType) { self = DType(rawValue: layout.rawValue)! }
}

/// A fixed-width element type that a ``Tensor`` can hold: its bytes are stored as they are in
/// memory (little-endian; `Bool` as one byte, 0 or 1).
public protocol TensorElement: BitwiseCopyable, Sendable, Hashable {
    /// The element's type name in the metadata.
    static var dtype: DType { get }
}

extension Bool: TensorElement { public static var dtype: DType { .bool } }
extension Int8: TensorElement { public static var dtype: DType { .int8 } }
extension Int16: TensorElement { public static var dtype: DType { .int16 } }
extension Int32: TensorElement { public static var dtype: DType { .int32 } }
extension Int64: TensorElement { public static var dtype: DType { .int64 } }
extension UInt8: TensorElement { public static var dtype: DType { .uint8 } }
extension UInt16: TensorElement { public static var dtype: DType { .uint16 } }
extension UInt32: TensorElement { public static var dtype: DType { .uint32 } }
extension UInt64: TensorElement { public static var dtype: DType { .uint64 } }
extension Float: TensorElement { public static var dtype: DType { .float32 } }
extension Double: TensorElement { public static var dtype: DType { .float64 } }
extension Int: TensorElement { public static var dtype: DType { .int64 } }
extension UInt: TensorElement { public static var dtype: DType { .uint64 } }
