import ArgumentParser
import DatasetCodegen
import Foundation

/// `dataset-codegen`: generates Swift dataset types from `.proto` files. It runs protoc itself
/// (one command, so a build plugin needs no intermediate files).
///
///     dataset-codegen --proto-path Protos --output-dir Generated Protos/house_prices.proto
struct DatasetCodegen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset-codegen",
        abstract: "Generate Swift DatasetObject types from .proto files that use datasetsdk/v1/options.proto.",
        discussion: "Diagnostics are printed as file:line:column: error: message. See docs/codegen.md."
    )

    @Option(name: .customLong("protoc"), help: "The protoc executable (default: the configuration's protocPath, PROTOC_PATH, then PATH).")
    var protocPath: String?

    @Option(help: "A dataset-codegen.json file whose settings apply unless a flag overrides them.")
    var config: String?

    @Option(name: [.customShort("I"), .customLong("proto-path")], help: "A folder for imports; every input must lie under one (default: the current folder).")
    var protoPaths: [String] = []

    @Option(help: "Access level of the generated code: public, package or internal (default: public).")
    var visibility: GeneratorOptions.Visibility?

    @Option(help: "The Swift module the generated code is compiled into.")
    var moduleName: String?

    @Option(help: "Write one file per input into this folder, named after the input (a/b.proto -> a_b.dataset.swift).")
    var outputDir: String?

    @Option(help: "Write the generated code of the single input to this file.")
    var output: String?

    @Argument(help: "The .proto files to generate.")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one .proto file") }
        guard (outputDir == nil) != (output == nil) else { throw ValidationError("give exactly one of --output-dir and --output") }
        if output != nil, files.count != 1 { throw ValidationError("--output takes exactly one input file; use --output-dir for several") }
    }

    func run() throws {
        do {
            try generate()
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
    }

    private func generate() throws(CodegenError) {
        var configuration: Configuration?
        if let config { configuration = try Configuration.load(from: config) }
        var importPaths = protoPaths + (configuration?.importPaths ?? [])
        if importPaths.isEmpty { importPaths = [FileManager.default.currentDirectoryPath] }
        let options = GeneratorOptions(
            visibility: visibility ?? configuration?.visibility ?? .public,
            moduleName: moduleName,
            importPaths: importPaths,
            protocPath: protocPath ?? configuration?.protocPath
        )
        for file in try CodeGenerator(options: options).generate(files: files) {
            let destination = output ?? URL(fileURLWithPath: outputDir!).appendingPathComponent(file.fileName).path
            try write(file.contents, to: destination)
        }
    }

    /// Writes only when the contents changed, so that unchanged outputs keep their timestamps.
    private func write(_ contents: String, to path: String) throws(CodegenError) {
        let url = URL(fileURLWithPath: path)
        if let existing = try? Data(contentsOf: url), existing == Data(contents.utf8) { return }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url, options: .atomic)
        } catch {
            throw .io(path: path, reason: "cannot write the generated code: \(error.localizedDescription)")
        }
    }
}

extension GeneratorOptions.Visibility: ExpressibleByArgument {}

DatasetCodegen.main()
