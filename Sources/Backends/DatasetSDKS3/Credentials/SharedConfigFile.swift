import DatasetSDK

/// An AWS shared credentials or config file (INI: `[section]` then `key = value` lines).
struct SharedConfigFile: Sendable {
    /// Section name → keys → values. In the config file, `[profile NAME]` is stored as `NAME`.
    let sections: [String: [String: String]]
    let path: String

    /// Parses `text` read from `path`; `isConfigFile` strips the `profile ` prefix of sections.
    init(text: String, path: String, isConfigFile: Bool) {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = String(rawLine).trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                var name = String(line.dropFirst().dropLast()).trimmingSpaces()
                if isConfigFile, name.hasPrefix("profile ") { name = String(name.dropFirst("profile ".count)).trimmingSpaces() }
                current = String(name)
                if sections[String(name)] == nil { sections[String(name)] = [:] }
                continue
            }
            guard let section = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).trimmingSpaces().lowercased()
            let value = String(line[line.index(after: equals)...]).trimmingSpaces()
            sections[section]?[String(key)] = String(value)
        }
        self.sections = sections
        self.path = path
    }

    /// Reads the file at `path`; nil when it does not exist.
    static func load(path: String, isConfigFile: Bool) -> SharedConfigFile? {
        guard let text = FileSystem.readText(path) else { return nil }
        return SharedConfigFile(text: text, path: path, isConfigFile: isConfigFile)
    }
}
