import ArgumentParser
import DatasetSDK
import DatasetSDKCLI

/// The `mlops` command line: the SDK's project commands for the house-prices pipeline, with
/// `shm` as the default environment, plus `bench`, `checksum` and `export argo`.
public struct MLOpsProject: PipelineProject {
    public static func pipelines() -> [String: Pipeline] { HousePricesProject.pipelines() }
    public static func registry() -> Registry { HousePricesProject.registry }
    public static var defaultEnvironment: String? { HousePricesProject.defaultEnvironment }
    public static var commands: [any ParsableCommand.Type] { [BenchCommand.self, ChecksumCommand.self, ExportCommand.self] }
}
