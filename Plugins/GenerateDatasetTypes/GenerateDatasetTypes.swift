import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory generate-dataset-types [--target NAME]`:
/// generates the dataset types of every `.proto` file of the chosen targets (default: every
/// target that has some) into the target's `Generated` folder, for packages that commit
/// generated code instead of using the build plugin. protoc is found by `dataset-codegen`
/// (`protocPath` in the target's `dataset-codegen.json`, `PROTOC_PATH`, then `PATH`).
@main
struct GenerateDatasetTypes: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let names = Set(extractor.extractOption(named: "target"))
        let targets = context.package.targets.compactMap { $0 as? SourceModuleTarget }.filter { names.isEmpty || names.contains($0.name) }
        if let unknown = names.subtracting(targets.map(\.name)).sorted().first {
            throw CommandError("no target named '\(unknown)' in package \(context.package.displayName)")
        }
        let tool = try context.tool(named: "dataset-codegen")
        for target in targets {
            let protos = target.sourceFiles(withSuffix: ".proto").map(\.url.path).sorted()
            guard !protos.isEmpty else { continue }
            let directory = target.directoryURL
            let config = directory.appending(path: "dataset-codegen.json")
            var arguments = ["--proto-path", directory.path, "--module-name", target.name, "--output-dir", directory.appending(path: "Generated").path]
            if FileManager.default.fileExists(atPath: config.path) { arguments += ["--config", config.path] }
            let process = Process()
            process.executableURL = tool.url
            process.arguments = arguments + protos
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CommandError("dataset-codegen failed for target \(target.name) (messages above)")
            }
            print("generated \(protos.count) file(s) into \(directory.appending(path: "Generated").path)")
        }
    }
}

struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
