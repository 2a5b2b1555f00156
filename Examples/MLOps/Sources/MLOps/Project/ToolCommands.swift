import ArgumentParser
import DatasetSDK
import DatasetSDKCLI
import Foundation

/// `mlops checksum`: loads the pipeline's results from an environment's catalog and prints one
/// digest per dataset (``FrameDigest``), to compare environments.
public struct ChecksumCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "checksum",
        abstract: "Print checksums of house_prices_clean, house_prices_no_na and y_train as saved in an environment.")

    @OptionGroup var project: ProjectOptions

    public init() {}

    public func run() async throws {
        let catalog = try project.catalog(for: MLOpsProject.self)
        for (name, digest) in try await Checksums.of(HousePricesPipeline.results, in: catalog) {
            print("\(name) \(digest.digest) \(digest.rows) rows")
        }
    }
}

/// `mlops export argo`: writes the Argo Workflow of the pipeline.
public struct ExportCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the pipeline for a cluster.",
        subcommands: [ArgoExportCommand.self])

    public init() {}
}

/// `mlops export argo [-e ENV] [--params k=v] [--image IMAGE] [--output FILE]`.
public struct ArgoExportCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "argo",
        abstract: "Write an Argo Workflow: one pod per node running `mlops run -e ENV -n NODE`, dependencies from the DAG.")

    @Option(name: [.short, .customLong("env")], help: "The environment every pod runs with (default shm: pods share a memory-backed volume on one node).")
    var environment = HousePricesProject.defaultEnvironment

    @Option(help: "Runtime parameters passed to every pod (key=value,...).")
    var params: String?

    @Option(help: "The container image with the mlops executable.")
    var image = "datasetsdk/mlops:latest"

    @Option(name: [.short, .long], help: "Write to this file instead of standard output.")
    var output: String?

    public init() {}

    public func run() async throws {
        let parameters = try ProjectOptions.pairs(params, separator: "=", what: "--params", example: "multiplier=100")
        let yaml = try ArgoWorkflow(pipeline: HousePricesPipeline.make(), environment: environment, parameters: parameters, image: image).yaml()
        if let output {
            try yaml.write(toFile: output, atomically: true, encoding: .utf8)
        } else {
            print(yaml, terminator: "")
        }
    }
}

/// Digests of saved datasets.
public enum Checksums {
    /// Each dataset's ``FrameDigest`` and row count, loaded from `catalog`.
    public static func of(_ names: [String], in catalog: DataCatalog) async throws -> [(name: String, digest: (digest: String, rows: Int))] {
        var result: [(name: String, digest: (digest: String, rows: Int))] = []
        for name in names {
            let frame: DataFrame = try await catalog.load(name)
            result.append((name, (FrameDigest.digest(frame), frame.rowCount)))
        }
        return result
    }
}
