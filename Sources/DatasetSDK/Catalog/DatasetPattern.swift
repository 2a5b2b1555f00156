/// A dataset factory: a catalog key with `{placeholders}` that matches dataset names, as in
/// Kedro (`"{name}"`, `"{layer}.{name}"`, `"{name}#csv"`).
///
/// Placeholders match one or more characters, as few as possible, and the whole name must match.
/// Precedence, as in Kedro: more literal characters first, then more placeholders, then
/// alphabetical order. A pattern without literal characters (`"{name}"`, `"{a}{b}"`) is a
/// catch-all, as in Kedro.
struct DatasetPattern: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case placeholder(String)
    }

    let pattern: String
    let segments: [Segment]

    /// Parses `pattern`; nil when it has no placeholder.
    init?(_ pattern: String) {
        var segments: [Segment] = []
        var literal = ""
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            literal += rest[..<open]
            if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
            let name = rest[rest.index(after: open)..<close].split(separator: ":").first.map(String.init) ?? ""
            segments.append(.placeholder(name))
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { segments.append(.literal(literal)) }
        guard segments.contains(where: { if case .placeholder = $0 { true } else { false } }) else { return nil }
        self.pattern = pattern
        self.segments = segments
    }

    var literalCount: Int { segments.reduce(0) { if case let .literal(text) = $1 { $0 + text.count } else { $0 } } }
    var placeholderCount: Int { segments.count { if case .placeholder = $0 { true } else { false } } }
    var isCatchAll: Bool { literalCount == 0 }

    /// Whether `self` is tried before `other`.
    func precedes(_ other: DatasetPattern) -> Bool {
        if literalCount != other.literalCount { return literalCount > other.literalCount }
        if placeholderCount != other.placeholderCount { return placeholderCount > other.placeholderCount }
        return pattern < other.pattern
    }

    /// The placeholder values when `name` matches the whole pattern.
    func match(_ name: String) -> [String: String]? {
        var values: [String: String] = [:]
        return match(Array(name.unicodeScalars)[...], segmentIndex: 0, into: &values) ? values : nil
    }

    private func match(_ name: ArraySlice<Unicode.Scalar>, segmentIndex: Int, into values: inout [String: String]) -> Bool {
        guard segmentIndex < segments.count else { return name.isEmpty }
        switch segments[segmentIndex] {
        case let .literal(text):
            let scalars = Array(text.unicodeScalars)
            guard name.starts(with: scalars) else { return false }
            return match(name.dropFirst(scalars.count), segmentIndex: segmentIndex + 1, into: &values)
        case let .placeholder(key):
            guard !name.isEmpty else { return false }
            for length in 1...name.count {
                let candidate = String(String.UnicodeScalarView(name.prefix(length)))
                if let previous = values[key], previous != candidate { continue }
                let hadValue = values[key] != nil
                values[key] = candidate
                if match(name.dropFirst(length), segmentIndex: segmentIndex + 1, into: &values) { return true }
                if !hadValue { values[key] = nil }
            }
            return false
        }
    }

    /// `text` with every `{placeholder}` of `values` substituted.
    static func substitute(_ values: [String: String], in text: String) -> String {
        var result = text
        for (key, value) in values { result = result.replacingAll("{\(key)}", with: value) }
        return result
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
