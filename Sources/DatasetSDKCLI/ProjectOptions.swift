import ArgumentParser

/// Options every project command shares: where the configuration is and which environment.
/// `package` so that a project's own commands (`PipelineProject.commands`) take the same options.
package struct ProjectOptions: ParsableArguments {
    package init() {}

    @Option(help: "The conf folder (default: the project's, usually conf).")
    package var conf: String?

    @Option(name: [.short, .customLong("env")], help: "The configuration environment (overrides DATASETS_ENV; default local when conf/local exists).")
    package var environment: String?

    @Option(help: "Runtime parameters: key=value pairs separated by commas; dotted keys nest (--params model.alpha=0.5,multiplier=100).")
    package var params: String?

    /// `--params` as values, each read like a YAML scalar.
    package func runtimeParameters() throws -> [String: Value] {
        try Self.pairs(params, separator: "=", what: "--params", example: "multiplier=100").mapValues(Value.init(inferringFrom:))
    }

    /// `key<separator>value` pairs separated by commas.
    package static func pairs(_ text: String?, separator: Character, what: String, example: String) throws -> [String: String] {
        guard let text, !text.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for pair in text.split(separator: ",") {
            guard let split = pair.firstIndex(of: separator), split != pair.startIndex else {
                throw ValidationError("\(what): '\(pair)' is not key\(separator)value (example: \(what) \(example))")
            }
            result[String(pair[..<split]).trimmingSpaces.description] = String(pair[pair.index(after: split)...])
        }
        return result
    }

    /// A comma-separated list option as names.
    static func names(_ text: String?) -> [String] {
        guard let text else { return [] }
        return text.split(separator: ",").map { String($0.trimmingSpaces) }.filter { !$0.isEmpty }
    }
}

extension ProjectOptions {
    /// `-e`, else `DATASETS_ENV`, else the project's ``PipelineProject/defaultEnvironment``
    /// (nil lets the catalog fall back to `local` when it exists).
    func resolvedEnvironment<Project: PipelineProject>(for _: Project.Type) -> String? {
        if let environment, !environment.isEmpty { return environment }
        if let variable = ProcessEnvironment.variables["DATASETS_ENV"], !variable.isEmpty { return variable }
        return Project.defaultEnvironment
    }

    /// The catalog for these options.
    package func catalog<Project: PipelineProject>(for _: Project.Type, loadVersions: [String: String] = [:], saveVersion: String? = nil) throws -> DataCatalog {
        try DataCatalog(
            conf: conf ?? Project.defaultConfPath,
            environment: resolvedEnvironment(for: Project.self),
            runtimeParameters: runtimeParameters(),
            loadVersions: loadVersions,
            registry: Project.registry(),
            saveVersion: saveVersion
        )
    }
}
