#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a Kedro-style `conf/` folder: `base` plus one environment overlay.
///
/// For each kind of file (catalog, credentials, parameters, globals) it reads, per folder, every
/// matching YAML file (`catalog*.yml`, files under `catalog*/`, and so on; sorted by path),
/// collects their top-level keys (a key defined twice in one folder is an error naming both
/// places; keys starting with `_` are hidden, for YAML anchors), then lets the environment's keys
/// replace base's whole.
struct ConfigLoader {
    enum Kind: String, CaseIterable {
        case catalog, credentials, parameters, globals
    }

    let confPath: String
    /// The environment overlay folder name, or nil for base only.
    let environment: String?

    /// The environment to use: the command line's, else `DATASETS_ENV`, else `local` when
    /// `conf/local` exists.
    static func environment(requested: String?, confPath: String, variables: [String: String]) throws(CatalogError) -> String? {
        // A missing conf folder is reported as such, not as a missing environment inside it.
        guard isDirectory(confPath) else { throw missingConf(confPath) }
        if let requested = requested ?? variables["DATASETS_ENV"], !requested.isEmpty {
            guard isDirectory("\(confPath)/\(requested)") else {
                let available = subfolders(of: confPath).filter { $0 != "base" }
                throw .missingFolder("\(confPath)/\(requested)", hint: "environments here: \(available.isEmpty ? "none" : available.joined(separator: ", "))")
            }
            return requested
        }
        return isDirectory("\(confPath)/local") ? "local" : nil
    }

    static func missingConf(_ confPath: String) -> CatalogError {
        .missingFolder(confPath, hint: "create \(confPath)/base/catalog.yml, or pass the folder with --conf")
    }

    /// The merged top-level entries of `kind`.
    func load(_ kind: Kind) throws(CatalogError) -> [(key: String, node: ConfigNode)] {
        guard ConfigLoader.isDirectory(confPath) else { throw Self.missingConf(confPath) }
        var merged = try entries(of: kind, in: "\(confPath)/base")
        if let environment {
            for entry in try entries(of: kind, in: "\(confPath)/\(environment)") {
                if let index = merged.firstIndex(where: { $0.key == entry.key }) {
                    merged[index] = entry
                } else {
                    merged.append(entry)
                }
            }
        }
        return merged
    }

    private func entries(of kind: Kind, in folder: String) throws(CatalogError) -> [(key: String, node: ConfigNode)] {
        var result: [(key: String, node: ConfigNode)] = []
        var seen: [String: SourceLocation] = [:]
        for file in Self.files(in: folder, matching: kind.rawValue) {
            guard let text = FileSystem.readText(file) else {
                throw .invalidEntry(location: SourceLocation(file: file, line: 1, column: 1), dataset: nil, problem: "cannot read the file")
            }
            guard let root = try YAMLFile.parse(text, file: file) else { continue }
            guard let entries = root.entries else {
                throw .invalidEntry(location: root.location, dataset: nil, problem: "the top level must be a mapping of names to entries, not a \(root.kindName)")
            }
            for entry in entries where !entry.key.hasPrefix("_") {
                let location = entry.node.location
                if let first = seen[entry.key] { throw .duplicateKey(entry.key, first: first, second: location) }
                seen[entry.key] = location
                result.append(entry)
            }
        }
        return result
    }

    /// YAML files of `folder` for `prefix`: `prefix*.yml|yaml` at any depth, and every YAML file
    /// under a folder named `prefix*`. Sorted by path.
    static func files(in folder: String, matching prefix: String) -> [String] {
        var found: [String] = []
        func walk(_ path: String, inside: Bool) {
            for name in FileSystem.entries(of: path) where !name.hasPrefix(".") {
                let child = "\(path)/\(name)"
                if isDirectory(child) {
                    walk(child, inside: inside || name.hasPrefix(prefix))
                } else if name.hasSuffix(".yml") || name.hasSuffix(".yaml"), inside || name.hasPrefix(prefix) {
                    found.append(child)
                }
            }
        }
        walk(folder, inside: false)
        return found.sorted()
    }

    static func isDirectory(_ path: String) -> Bool { FileSystem.isDirectory(path) }

    static func subfolders(of path: String) -> [String] {
        FileSystem.entries(of: path).filter { !$0.hasPrefix(".") && isDirectory("\(path)/\($0)") }.sorted()
    }

}
