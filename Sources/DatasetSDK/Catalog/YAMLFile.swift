import Yams

/// Parses a YAML configuration file into ``ConfigNode``s that keep their source locations.
///
/// Anchors and aliases are resolved by the YAML library; merge keys (`<<: *defaults`) are applied
/// here (explicit keys win over merged ones, earlier merged maps over later ones); a key written
/// twice in one mapping is an error.
enum YAMLFile {
    /// The document in `text`, or nil for an empty file.
    static func parse(_ text: String, file: String) throws(CatalogError) -> ConfigNode? {
        let root: Yams.Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw convert(error, file: file, text: text)
        } catch {
            throw .yamlSyntax(location: SourceLocation(file: file, line: 1, column: 1), problem: "\(error)")
        }
        guard let root else { return nil }
        var budget = maximumNodes
        return try convert(root, file: file, fallback: SourceLocation(file: file, line: 1, column: 1), budget: &budget)
    }

    private static func convert(_ error: YamlError, file: String, text: String) -> CatalogError {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: max(mark.line, 1), column: max(mark.column, 1)) }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            return .yamlSyntax(location: at(mark), problem: problem + (context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""))
        case let .duplicatedKeysInMapping(duplicates, context):
            // The YAML library marks neither occurrence; find them in the text (block style).
            if let (key, first, second) = repeatedBlockKey(in: text, among: Set(duplicates)) {
                return .duplicateKey(key, first: SourceLocation(file: file, line: first.line, column: first.column),
                                     second: SourceLocation(file: file, line: second.line, column: second.column))
            }
            return .yamlSyntax(location: at(context.mark), problem: "key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) appears twice in one mapping")
        default:
            return .yamlSyntax(location: SourceLocation(file: file, line: 1, column: 1), problem: "\(error)")
        }
    }

    /// The first key of `keys` written twice in one block mapping of `text`, with the line and
    /// column of both occurrences: keys at one indentation belong to one mapping until a line
    /// indented less (or a new list item at that indentation) ends it. Flow mappings are not seen.
    static func repeatedBlockKey(in text: String, among keys: Set<String>) -> (key: String, first: (line: Int, column: Int), second: (line: Int, column: Int))? {
        var open: [(indent: Int, keys: [String: Int])] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(rawLine)
            var indent = 0
            while line.first == " " { line.removeFirst(); indent += 1 }
            guard let first = line.first, first != "#" else { continue }
            var isItem = false
            while line.hasPrefix("- ") { line.removeFirst(2); indent += 2; isItem = true; while line.first == " " { line.removeFirst(); indent += 1 } }
            while let last = open.last, last.indent > indent || (isItem && last.indent == indent) { open.removeLast() }
            guard let colon = line.firstIndex(of: ":"), line.index(after: colon) == line.endIndex || line[line.index(after: colon)] == " " else { continue }
            var key = String(line[..<colon].trimmingSpaces)
            if key.count >= 2, let quote = key.first, quote == "\"" || quote == "'", key.last == quote { key = String(key.dropFirst().dropLast()) }
            if open.last?.indent != indent { open.append((indent, [:])) }
            if let firstLine = open[open.count - 1].keys[key], keys.contains(key) {
                return (key, (firstLine, indent + 1), (index + 1, indent + 1))
            }
            open[open.count - 1].keys[key] = index + 1
        }
        return nil
    }

    /// Nodes a file may expand to once aliases are followed: a guard against alias bombs
    /// ("billion laughs"), far above any real catalog.
    static let maximumNodes = 1_000_000

    private static func convert(_ node: Yams.Node, file: String, fallback: SourceLocation, budget: inout Int) throws(CatalogError) -> ConfigNode {
        let location = node.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) } ?? fallback
        budget -= 1
        guard budget >= 0 else {
            throw .yamlSyntax(location: location, problem: "the document expands to more than \(maximumNodes) values through aliases")
        }
        switch node {
        case let .scalar(scalar):
            return ConfigNode(kind: .scalar(text: scalar.string, value: value(of: node, scalar)), location: location)
        case let .sequence(sequence):
            var items: [ConfigNode] = []
            for item in sequence { items.append(try convert(item, file: file, fallback: location, budget: &budget)) }
            return ConfigNode(kind: .sequence(items), location: location)
        case let .mapping(mapping):
            return try convertMapping(mapping, file: file, location: location, budget: &budget)
        case .alias:
            return ConfigNode(kind: .scalar(text: "", value: .null), location: location)
        }
    }

    private static func convertMapping(_ mapping: Yams.Node.Mapping, file: String, location: SourceLocation, budget: inout Int) throws(CatalogError) -> ConfigNode {
        var explicit: [(key: String, node: ConfigNode)] = []
        var merged: [(key: String, node: ConfigNode)] = []
        var seen: [String: SourceLocation] = [:]
        for (keyNode, valueNode) in mapping {
            let keyLocation = keyNode.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) } ?? location
            guard case let .scalar(keyScalar) = keyNode else {
                throw .invalidEntry(location: keyLocation, dataset: nil, problem: "keys must be plain strings, not \(keyNode)")
            }
            let key = keyScalar.string
            let child = try convert(valueNode, file: file, fallback: keyLocation, budget: &budget)
            if key == "<<", keyScalar.style == .plain {
                let sources: [ConfigNode]
                switch child.kind {
                case .mapping: sources = [child]
                case let .sequence(items): sources = items
                case .scalar: throw .invalidEntry(location: keyLocation, dataset: nil, problem: "a merge key '<<' needs a mapping or a list of mappings")
                }
                for source in sources {
                    guard let entries = source.entries else {
                        throw .invalidEntry(location: source.location, dataset: nil, problem: "a merge key '<<' needs a mapping or a list of mappings")
                    }
                    for entry in entries where !merged.contains(where: { $0.key == entry.key }) { merged.append(entry) }
                }
                continue
            }
            if let first = seen[key] { throw .duplicateKey(key, first: first, second: keyLocation) }
            seen[key] = keyLocation
            explicit.append((key, child))
        }
        let inherited = merged.filter { entry in !explicit.contains { $0.key == entry.key } }
        return ConfigNode(kind: .mapping(inherited + explicit), location: location)
    }

    /// The value of a scalar as the YAML library's default resolver types it (YAML 1.1 rules, as
    /// PyYAML and so Kedro read them); quoted scalars are always strings.
    private static func value(of node: Yams.Node, _ scalar: Yams.Node.Scalar) -> Value {
        guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
        // `node.tag` resolves an implicit tag from the text; `scalar.tag` is still unresolved
        // (empty) here, which made every plain scalar a string.
        switch node.tag.description {
        case Tag.Name.null.rawValue: return .null
        case Tag.Name.bool.rawValue: return node.bool.map(Value.bool) ?? .string(scalar.string)
        case Tag.Name.int.rawValue: return node.int.map { .int(Int64($0)) } ?? .string(scalar.string)
        case Tag.Name.float.rawValue: return node.float.map(Value.double) ?? .string(scalar.string)
        default: return .string(scalar.string)
        }
    }
}
