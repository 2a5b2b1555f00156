import Foundation
import PackagePlugin

/// Runs `dataset-codegen` on every `.proto` file of a target that uses this plugin: one build
/// command per file, which runs protoc itself, with the target's protos and its
/// `dataset-codegen.json` as inputs and the generated Swift file as output, so that rebuilds
/// regenerate only when one of them changed.
@main
struct DatasetCodegenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let protos = module.sourceFiles(withSuffix: ".proto").map(\.url).sorted { $0.path < $1.path }
        guard !protos.isEmpty else { return [] }
        let directory = module.directoryURL.standardizedFileURL
        let configURL = directory.appending(path: "dataset-codegen.json")
        let hasConfig = FileManager.default.fileExists(atPath: configURL.path)
        let settings = hasConfig ? try PluginSettings(contentsOf: configURL) : PluginSettings()
        let protoc = try ProtocLookup.find(configured: settings.protocPath, configFile: hasConfig ? configURL.path : nil)
        let tool = try context.tool(named: "dataset-codegen")
        let outputs = context.pluginWorkDirectoryURL.appending(path: "GeneratedSources")

        // Every proto the target can import is an input: editing any of them regenerates.
        var inputs = protos + (hasConfig ? [configURL] : [])
        for folder in settings.importPaths {
            inputs += Self.protos(under: URL(fileURLWithPath: folder, relativeTo: directory).standardizedFileURL)
        }
        return protos.map { proto in
            let relative = String(proto.standardizedFileURL.path.dropFirst(directory.path.count + 1))
            let output = outputs.appending(path: Self.outputName(forProto: relative))
            var arguments = ["--protoc", protoc, "--proto-path", directory.path, "--module-name", target.name, "--output", output.path]
            if hasConfig { arguments += ["--config", configURL.path] }
            arguments.append(proto.path)
            return .buildCommand(
                displayName: "Generating dataset types from \(relative)",
                executable: tool.url,
                arguments: arguments,
                inputFiles: inputs,
                outputFiles: [output]
            )
        }
    }

    /// The tool's naming rule (`GeneratedFile.fileName(forProto:)`): `a/b.proto` → `a_b.dataset.swift`.
    static func outputName(forProto relative: String) -> String {
        String(relative.dropLast(".proto".count)).replacingOccurrences(of: "/", with: "_") + ".dataset.swift"
    }

    static func protos(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "proto" }.sorted { $0.path < $1.path }
    }
}

/// The keys of `dataset-codegen.json` that the plugin itself needs (the tool reads the rest).
struct PluginSettings: Decodable {
    var protocPath: String?
    var importPaths: [String] = []

    init() {}

    init(contentsOf url: URL) throws {
        do {
            self = try JSONDecoder().decode(PluginSettings.self, from: Data(contentsOf: url))
        } catch {
            throw PluginError("\(url.path): error: cannot read the configuration: \(error)")
        }
    }

    private enum CodingKeys: String, CodingKey { case protocPath, importPaths }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        protocPath = try container.decodeIfPresent(String.self, forKey: .protocPath)
        importPaths = try container.decodeIfPresent([String].self, forKey: .importPaths) ?? []
    }
}

/// protoc, looked up as swift-protobuf's plugin does: the configuration, `PROTOC_PATH`, then
/// `PATH` (`context.tool(named:)` does not search `PATH`).
enum ProtocLookup {
    static func find(configured: String?, configFile: String?) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        var searched: [String] = []
        if let configured {
            if FileManager.default.isExecutableFile(atPath: configured) { return configured }
            searched.append("\(configured) (protocPath in \(configFile ?? "dataset-codegen.json"))")
        }
        if let path = environment["PROTOC_PATH"], !path.isEmpty {
            if FileManager.default.isExecutableFile(atPath: path) { return path }
            searched.append("\(path) (PROTOC_PATH)")
        }
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(folder)/protoc"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        searched.append("PATH")
        throw PluginError("dataset-codegen needs protoc, which was not found (looked in: \(searched.joined(separator: ", "))); install it with: apt-get install protobuf-compiler libprotobuf-dev, or set PROTOC_PATH or \"protocPath\" in dataset-codegen.json")
    }
}

struct PluginError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
