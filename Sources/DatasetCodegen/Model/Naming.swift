/// Protobuf names to Swift names.
enum Naming {
    /// `model_name` → `modelName`, `URL` → `url`, `feature_names_2` → `featureNames2`.
    static func lowerCamelCase(_ snake: String) -> String {
        let words = snake.split(separator: "_").map(String.init)
        guard let first = words.first else { return snake }
        let head = first.allSatisfy { $0.isUppercase || $0.isNumber } ? first.lowercased() : first.prefix(1).lowercased() + first.dropFirst()
        let tail = words.dropFirst().map { word -> String in
            let lowered = word.allSatisfy { $0.isUppercase || $0.isNumber } ? word.lowercased() : word
            return lowered.prefix(1).uppercased() + lowered.dropFirst()
        }
        return ([head] + tail).joined()
    }

    /// The case name and stored string of enum value `value` of enum `enumName`: the enum's name
    /// is stripped when the value starts with it (`DTYPE_FLOAT64` of `DType` → `float64`).
    static func enumCase(_ value: String, enumName: String) -> (swiftName: String, storedName: String) {
        var rest = Substring(value)
        var prefix = Substring(enumName.uppercased())
        var candidate = rest
        while let letter = prefix.first, let next = candidate.first {
            if next == "_" { candidate = candidate.dropFirst(); continue }
            guard next.uppercased() == String(letter) else { break }
            candidate = candidate.dropFirst()
            prefix = prefix.dropFirst()
        }
        if prefix.isEmpty, candidate.first == "_", candidate.count > 1 { rest = candidate.dropFirst() }
        let stored = rest.lowercased()
        var swiftName = lowerCamelCase(stored)
        if swiftName.first?.isNumber == true { swiftName = "_" + swiftName }
        return (swiftName, stored)
    }

    /// `name` as a Swift identifier: keywords in backticks.
    static func escaped(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// Property names that would collide with what every generated type declares.
    static let reservedPropertyNames: Set<String> = ["encoded", "self", "Type", "Protocol", "init"]

    private static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch", "where", "while", "Any", "as", "await", "false", "is", "nil", "super", "throws",
        "true", "try", "package", "consume", "borrowing", "consuming", "some", "any",
    ]
}
