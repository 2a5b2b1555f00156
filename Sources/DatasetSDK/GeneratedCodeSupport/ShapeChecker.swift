/// One dimension of a shape that a generated type declares (option `(datasetsdk.v1.shape)`).
public enum ShapeDimension: Sendable, Hashable, CustomStringConvertible {
    /// An extent that must equal this number.
    case fixed(Int)
    /// An extent that every tensor of the object using this name must share.
    case named(String)

    public var description: String {
        switch self {
        case let .fixed(extent): String(extent)
        case let .named(name): name
        }
    }
}

/// Checks the tensors of one object against their declared shapes, binding each named
/// dimension to the first extent seen for it. Generated types call it when they are created and
/// decoded.
///
/// ```swift
/// var shapes = ShapeChecker(typeName: "houseprices.TrainingSet")
/// try shapes.check([1460, 13], against: [.named("rows"), .fixed(13)], member: "features")
/// try shapes.check([1460], against: [.named("rows")], member: "target")
/// ```
public struct ShapeChecker: Sendable {
    private let typeName: String
    private var bound: [String: (extent: Int, member: String)] = [:]

    /// A checker for an object of type `typeName` (named in errors).
    public init(typeName: String) { self.typeName = typeName }

    /// Checks that `shape`, the shape of member `member`, matches `dimensions`.
    ///
    /// - Throws: ``ObjectError/inMember(_:_:)`` wrapping an invalid `shape` field, saying which
    ///   dimension differs and, for a named one, which member set it.
    public mutating func check(_ shape: [Int], against dimensions: [ShapeDimension], member: String) throws(ObjectError) {
        let declared = "[\(dimensions.map(\.description).joined(separator: ", "))]"
        guard shape.count == dimensions.count else {
            throw fail(member, expected: "\(dimensions.count) dimensions \(declared)", found: shape)
        }
        for (extent, dimension) in zip(shape, dimensions) {
            switch dimension {
            case let .fixed(required) where extent != required:
                throw fail(member, expected: "shape \(declared)", found: shape)
            case .fixed:
                continue
            case let .named(name):
                if let previous = bound[name] {
                    guard previous.extent == extent else {
                        throw fail(member, expected: "shape \(declared) with \(name) = \(previous.extent) (from member '\(previous.member)')", found: shape)
                    }
                } else {
                    bound[name] = (extent, member)
                }
            }
        }
    }

    private func fail(_ member: String, expected: String, found shape: [Int]) -> ObjectError {
        .inMember(member, .invalidField("shape", typeName: "datasetsdk.Tensor", expected: expected, found: "\(shape) in \(typeName)"))
    }
}
