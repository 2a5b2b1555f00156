/// A value could not be built, or an encoded object does not have the shape its type needs.
public enum ObjectError: Error, Sendable, CustomStringConvertible {
    /// The object is of another type than the one asked for.
    case typeMismatch(expected: String, found: String)
    /// A required field is absent.
    case missingField(String, typeName: String)
    /// A field holds a value of the wrong kind or range.
    case invalidField(String, typeName: String, expected: String, found: String)
    /// A required blob is absent.
    case missingBlob(String, typeName: String)
    /// A blob's size or content does not fit the object.
    case invalidBlob(String, typeName: String, reason: String)
    /// A required member object is absent.
    case missingMember(String, typeName: String)
    /// An error inside the member `name`.
    indirect case inMember(String, ObjectError)
    /// Arguments that cannot make a valid value (shape and element count disagree, for example).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .typeMismatch(expected, found):
            "expected an object of type '\(expected)' but found '\(found)'"
        case let .missingField(name, typeName):
            "\(typeName) object has no field '\(name)'"
        case let .invalidField(name, typeName, expected, found):
            "field '\(name)' of \(typeName) object: expected \(expected), found \(found)"
        case let .missingBlob(name, typeName):
            "\(typeName) object has no blob '\(name)'"
        case let .invalidBlob(name, typeName, reason):
            "blob '\(name)' of \(typeName) object: \(reason)"
        case let .missingMember(name, typeName):
            "\(typeName) object has no member '\(name)'"
        case let .inMember(name, error):
            "in member '\(name)': \(error)"
        case let .invalidArgument(reason):
            reason
        }
    }
}
