/// Resolves `${resolver:key}` and `${resolver:key, default}` inside configuration strings.
///
/// Resolvers: `env` (also Kedro's `oc.env`) reads an environment variable, `globals` a dotted key
/// of `globals.yml`, `runtime_params` a dotted key given with `--params`. A string that is exactly
/// one interpolation takes the referenced value's type (a number stays a number); interpolations
/// inside longer text are spliced in as text. A default is read like a YAML scalar (`5` is an
/// int, `true` a bool).
struct Interpolation {
    var environment: [String: String]
    var globals: [String: Value]
    var runtimeParameters: [String: Value]

    /// Resolves every interpolation in the string scalars of `node`, which belongs to `dataset`'s
    /// entry or credentials when given (an error then names the dataset).
    func resolve(_ node: ConfigNode, dataset: String? = nil) throws(CatalogError) -> ConfigNode {
        do {
            return try node.mapScalars { _, value, location in
                guard case let .string(text) = value, text.contains("${") else { return value }
                return try resolve(text, at: location)
            }
        } catch let CatalogError.unresolvedInterpolation(location, nil, expression, problem) where dataset != nil {
            throw .unresolvedInterpolation(location: location, dataset: dataset, expression: expression, problem: problem)
        } catch let error as CatalogError {
            throw error
        } catch {
            throw .invalidArgument("\(error)")
        }
    }

    /// The value of `text` with its interpolations resolved.
    func resolve(_ text: String, at location: SourceLocation) throws(CatalogError) -> Value {
        var pieces: [Value] = []
        var literal = ""
        var rest = Substring(text)
        while let start = rest.firstRange(of: "${") {
            literal += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw .unresolvedInterpolation(location: location, dataset: nil, expression: String(rest[start.upperBound...]), problem: "missing '}'")
            }
            if !literal.isEmpty { pieces.append(.string(literal)); literal = "" }
            pieces.append(try evaluate(String(rest[start.upperBound..<end]), at: location))
            rest = rest[rest.index(after: end)...]
        }
        literal += rest
        if !literal.isEmpty { pieces.append(.string(literal)) }
        if pieces.count == 1 { return pieces[0] }
        return .string(pieces.map(Self.text).joined())
    }

    private func evaluate(_ expression: String, at location: SourceLocation) throws(CatalogError) -> Value {
        guard let colon = expression.firstIndex(of: ":") else {
            throw .unresolvedInterpolation(location: location, dataset: nil, expression: expression, problem: "expected resolver:key, with resolver env, globals or runtime_params")
        }
        let resolver = expression[..<colon].trimmingSpaces
        var argument = String(expression[expression.index(after: colon)...])
        var fallback: Value?
        if let comma = argument.firstIndex(of: ",") {
            fallback = Value(inferringFrom: String(argument[argument.index(after: comma)...].trimmingSpaces))
            argument = String(argument[..<comma])
        }
        let key = String(argument.trimmingSpaces)
        let found: Value?
        switch resolver {
        case "env", "oc.env": found = environment[key].map(Value.string)
        case "globals": found = Self.lookup(key, in: globals)
        case "runtime_params": found = Self.lookup(key, in: runtimeParameters)
        default:
            throw .unresolvedInterpolation(location: location, dataset: nil, expression: expression, problem: "unknown resolver '\(resolver)'; use env, globals or runtime_params")
        }
        if let value = found ?? fallback { return value }
        let source = resolver == "globals" ? "globals.yml" : resolver == "runtime_params" ? "--params" : "the environment"
        throw .unresolvedInterpolation(location: location, dataset: nil, expression: expression, problem: "'\(key)' is not set in \(source) and no default is given (write ${\(resolver):\(key), DEFAULT})")
    }

    /// The value at dotted `path` inside `map`.
    static func lookup(_ path: String, in map: [String: Value]) -> Value? {
        var current: Value = .map(map)
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard let next = current.mapValue?[String(part)] else { return nil }
            current = next
        }
        return current
    }

    private static func text(_ value: Value) -> String {
        if case let .string(string) = value { return string }
        return value.description
    }
}

extension Value {
    /// A value read from command-line or default text like a YAML scalar: `null`/`~`, `true` and
    /// `false`, integers, decimal numbers, otherwise the text as a string (quotes removed).
    public init(inferringFrom text: String) {
        let trimmed = String(text.trimmingSpaces)
        switch trimmed.lowercased() {
        case "null", "~", "none": self = .null
        case "true": self = .bool(true)
        case "false": self = .bool(false)
        default:
            if let int = Int64(trimmed) {
                self = .int(int)
            } else if let double = Double(trimmed), trimmed.contains(where: { $0.isNumber }) {
                self = .double(double)
            } else if trimmed.count >= 2, let first = trimmed.first, first == trimmed.last, first == "\"" || first == "'" {
                self = .string(String(trimmed.dropFirst().dropLast()))
            } else {
                self = .string(trimmed)
            }
        }
    }
}
